#!/usr/bin/env python3
"""Times `chainrule gradbench` on the GradBench workloads of BENCHMARKS.md, through the protocol.

For each eval it starts one tool process (as GradBench does), sends start and define, then for
each size an `evaluate` of the primal function and one of the derivative function on the same
input, with min_runs=1 and min_seconds as given (GradBench's default is 1). It prints a Markdown
table of the mean `evaluate` timing of each, in milliseconds, and their ratio.

Inputs are generated here with Python's seeded random numbers, following the distributions of
GradBench's own generators: values uniform in [0, 1) for llsq, lse, det, ode and kmeans (whose
centroids are the last k points, so each centroid is the closest one to at least one point);
for gmm, alpha, q, l and x standard normal and mu uniform in [0, 1), m = 0 and gamma = 1
(ADBench's gmm data generator). The numbers are not GradBench's exact inputs (those come from
NumPy's generator), but they have the same sizes and distributions.

Usage: scripts/gradbench-table.py [--min-seconds 1] [--only EVAL ...] [--jar PATH]
       [--java-opts "-Xmx8g"]
Standard library only; needs `java` and the jar (mvn -pl chainrule-cli -am package).
"""

import argparse
import json
import os
import random
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (eval, description, primal function, derivative function, input generator)
WORKLOADS = [
    ("llsq", "n=4096, m=128", "primal", "gradient",
     lambda r: {"x": uniform(r, 128), "n": 4096}),
    ("lse", "n=160000", "primal", "gradient",
     lambda r: {"x": uniform(r, 160000)}),
    ("gmm", "d=20, k=25, n=1000", "objective", "jacobian",
     lambda r: gmm_input(r, 20, 25, 1000)),
    ("gmm", "d=64, k=100, n=1000", "objective", "jacobian",
     lambda r: gmm_input(r, 64, 100, 1000)),
    ("kmeans", "k=100, n=10000, d=16", "cost", "dir",
     lambda r: kmeans_input(r, 100, 10000, 16)),
    ("kmeans", "k=1000, n=10000, d=8", "cost", "dir",
     lambda r: kmeans_input(r, 1000, 10000, 8)),
    ("det", "ell=9", "primal", "gradient",
     lambda r: {"A": uniform(r, 81), "ell": 9}),
    ("ode", "n=10000, s=10", "primal", "gradient",
     lambda r: {"x": uniform(r, 10000), "s": 10}),
]

# Larger det sizes, timed once each (min_seconds 0) to show how far the expansion goes.
DET_LARGE = [10, 11]


def uniform(r, count):
    return [r.random() for _ in range(count)]


def normal(r, count):
    return [r.gauss(0.0, 1.0) for _ in range(count)]


def rows(values, width):
    return [values[i:i + width] for i in range(0, len(values), width)]


def gmm_input(r, d, k, n):
    triangle = d * (d - 1) // 2
    return {"d": d, "k": k, "n": n, "m": 0, "gamma": 1.0,
            "alpha": normal(r, k), "mu": rows(uniform(r, k * d), d),
            "q": rows(normal(r, k * d), d), "l": rows(normal(r, k * triangle), triangle),
            "x": rows(normal(r, n * d), d)}


def kmeans_input(r, k, n, d):
    points = rows(uniform(r, n * d), d)
    return {"points": points, "centroids": points[n - k:]}


class Tool:
    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        self.next_id = 0

    def send(self, message):
        message = dict(message, id=self.next_id)
        self.next_id += 1
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        if reply.get("id") != message["id"]:
            raise RuntimeError(f"reply {reply} does not answer message {message['id']}")
        return reply

    def close(self):
        self.process.stdin.close()
        return self.process.wait()


def mean_evaluate_ms(reply):
    if not reply.get("success"):
        raise RuntimeError(f"evaluate failed: {reply.get('error')}")
    times = [t["nanoseconds"] for t in reply["timings"] if t["name"] == "evaluate"]
    return sum(times) / len(times) / 1e6, len(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-seconds", type=float, default=1.0)
    parser.add_argument("--only", nargs="*", help="evals to run (default: all)")
    parser.add_argument("--jar", default=os.path.join(ROOT, "chainrule-cli", "target",
                                                      "chainrule.jar"))
    parser.add_argument("--java-opts", default="", help="extra JVM options")
    parser.add_argument("--det-large", action="store_true",
                        help=f"also time det at ell = {DET_LARGE}, one run each")
    args = parser.parse_args()
    command = ["java", *shlex.split(args.java_opts), "-jar", args.jar, "gradbench"]

    print("| eval, size | Chainrule primal (ms) | Chainrule derivative (ms) | derivative / primal |"
          " runs |")
    print("| --- | --- | --- | --- | --- |")
    workloads = [w for w in WORKLOADS if not args.only or w[0] in args.only]
    if args.det_large:
        workloads += [("det", f"ell={ell}", "primal", "gradient",
                       lambda r, ell=ell: {"A": uniform(r, ell * ell), "ell": ell})
                      for ell in DET_LARGE]
    tools = {}
    for eval_name, description, primal, derivative, generate in workloads:
        if eval_name not in tools:
            tools[eval_name] = Tool(command)
            tools[eval_name].send({"kind": "start", "eval": eval_name})
            tools[eval_name].send({"kind": "define", "module": eval_name})
        tool = tools[eval_name]
        single = description.startswith("ell=1")
        data = generate(random.Random(20261204))
        data.update(min_runs=1, min_seconds=0.0 if single else args.min_seconds)
        results = []
        for function in (primal, derivative):
            reply = tool.send({"kind": "evaluate", "module": eval_name, "function": function,
                               "input": data, "description": description})
            results.append(mean_evaluate_ms(reply))
        (primal_ms, primal_runs), (derivative_ms, derivative_runs) = results
        print(f"| {eval_name} {description} | {primal_ms:.3g} | {derivative_ms:.3g} |"
              f" {derivative_ms / primal_ms:.2g} | {primal_runs} / {derivative_runs} |",
              flush=True)
    for tool in tools.values():
        tool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
