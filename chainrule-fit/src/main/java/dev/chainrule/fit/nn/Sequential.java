package dev.chainrule.fit.nn;

import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.optim.Parameter;
import java.util.ArrayList;
import java.util.List;

/** Modules applied one after another; its parameters are theirs, in order. */
public final class Sequential implements Module {
    private final List<Module> modules;

    public Sequential(List<? extends Module> modules) {
        this.modules = List.copyOf(modules);
    }

    public Sequential(Module... modules) {
        this(List.of(modules));
    }

    public List<Module> modules() {
        return modules;
    }

    @Override
    public Var forward(Var input) {
        Var result = input;
        for (Module module : modules) {
            result = module.forward(result);
        }
        return result;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> result = new ArrayList<>();
        for (Module module : modules) {
            result.addAll(module.parameters());
        }
        return List.copyOf(result);
    }
}
