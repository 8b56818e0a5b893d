/**
 * Explanations of recorded computations: how local derivatives multiply along the paths of a
 * computation and add up to its derivative. {@link dev.chainrule.explain.Explanation} is the
 * model (built from any output var), {@link dev.chainrule.explain.ExplanationReport} writes it
 * as text or Markdown, {@link dev.chainrule.explain.ExplanationGraph} as DOT or SVG.
 *
 * <p>Layering: DESIGN.md puts explanations before formulas, but an explanation shows its
 * symbolic derivative, which the formula printer writes; so this package uses
 * {@link dev.chainrule.formula.FormulaPrinter}, and the formula package uses nothing from
 * here. Nothing in this package prints: callers decide where the text goes.
 */
package dev.chainrule.explain;
