/**
 * The formula language: {@link dev.chainrule.formula.Formula} parses infix formulas such as
 * {@code b1*(1-exp(-b2*x))} and builds engine computations from them;
 * {@link dev.chainrule.formula.FormulaPrinter} turns any recorded computation, derivatives
 * included, back into a simplified formula; {@link dev.chainrule.formula.Decimal} writes
 * doubles as the shortest decimals that read back exactly.
 */
package dev.chainrule.formula;
