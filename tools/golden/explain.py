#!/usr/bin/python3
"""Golden traces for `myelin explain` from PyTorch autograd, for myelin-core's ExplainGoldenTest.

For random small networks in float64 and every optimizer explain offers (sgd, momentum, adam,
adagrad, rmsprop, adadelta), runs N full-batch training steps and records, per step, the loss, the
outputs and, per layer, z, a = g(z), delta = dE/dz (autograd, retain_grad on z), the weight and bias
gradients, then the weights after the last update. The layout is explain's JSON:
weights [inputs][units] (x @ W + b, the transpose of torch.nn.Linear.weight), rows = examples,
gradients of the batch loss (averaged over the examples as the loss is).

Losses as Myelin defines them:
    half_sse  E = (1/N) sum_n 1/2 sum_j (y - a)^2
    mse       E = mean over N*K of (a - y)^2
    bce       E = -mean over N*K of [y ln a + (1 - y) ln(1 - a)]      (sigmoid output)
    cce       E = -(1/N) sum_n sum_j y ln a                            (softmax output)
Optimizers with Myelin's defaults: SGD, SGD(momentum=0.9), Adam(betas 0.9/0.999, eps 1e-8),
Adagrad(eps 1e-10), RMSprop(alpha 0.99, eps 1e-8), Adadelta(rho 0.9, eps 1e-6).

Run with Debian's python3-torch:
    /usr/bin/python3 tools/golden/explain.py myelin-core/src/test/resources/golden
which writes explain_<optimizer>.json there.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "identity": lambda z: z,
    "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    "elu": lambda z: F.elu(z, 1.0),
    "softplus": lambda z: torch.where(z > 0, z, torch.zeros_like(z)) + torch.log1p(torch.exp(-z.abs())),
    "gelu": lambda z: F.gelu(z),
    "softmax": lambda z: torch.softmax(z, dim=1),
}


def loss_value(name, a, y):
    n, k = a.shape
    if name == "half_sse":
        return 0.5 * ((y - a) ** 2).sum() / n
    if name == "mse":
        return ((a - y) ** 2).mean()
    if name == "binary_cross_entropy":
        return -(y * torch.log(a) + (1 - y) * torch.log1p(-a)).mean()
    if name == "categorical_cross_entropy":
        return -(y * torch.log(a)).sum() / n
    raise ValueError(name)


def make_optimizer(name, params, lr):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=1e-10)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8)
    if name == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, rho=0.9, eps=1e-6)
    raise ValueError(name)


# (optimizer, learning rate, layer sizes, hidden activations, output activation, loss, examples, steps)
CASES = [
    ("sgd", 0.5, [3, 4, 2], ["tanh"], "sigmoid", "half_sse", 4, 3),
    ("momentum", 0.1, [2, 5, 3, 1], ["sigmoid", "relu"], "identity", "mse", 5, 4),
    ("adam", 0.01, [4, 3, 3], ["elu"], "softmax", "categorical_cross_entropy", 6, 3),
    ("adagrad", 0.1, [3, 6, 2], ["leaky_relu"], "sigmoid", "binary_cross_entropy", 4, 3),
    ("rmsprop", 0.01, [2, 4, 4, 2], ["softplus", "tanh"], "identity", "half_sse", 3, 3),
    ("adadelta", 1.0, [3, 5, 1], ["gelu"], "sigmoid", "mse", 4, 3),
]


def run(case, seed):
    opt_name, lr, sizes, hidden, out_act, loss_name, n, steps = case
    g = torch.Generator().manual_seed(seed)
    weights, biases = [], []
    for i in range(len(sizes) - 1):
        w = (torch.rand(sizes[i], sizes[i + 1], generator=g) * 2 - 1).requires_grad_()
        b = (torch.rand(sizes[i + 1], generator=g) * 0.4 - 0.2).requires_grad_()
        weights.append(w)
        biases.append(b)
    acts = hidden + [out_act]
    x = torch.rand(n, sizes[0], generator=g) * 4 - 2
    if loss_name == "categorical_cross_entropy":
        y = F.one_hot(torch.randint(0, sizes[-1], (n,), generator=g), sizes[-1]).double()
    elif loss_name == "binary_cross_entropy":
        y = (torch.rand(n, sizes[-1], generator=g) > 0.5).double()
    else:
        y = torch.rand(n, sizes[-1], generator=g)

    network = {"format": "myelin.network", "version": 1, "inputs": sizes[0], "layers": [
        {"type": "dense", "units": sizes[i + 1], "activation": acts[i],
         "weights": weights[i].tolist(), "bias": biases[i].tolist()} for i in range(len(weights))]}
    opt = make_optimizer(opt_name, weights + biases, lr)
    trace = []
    for _ in range(steps):
        opt.zero_grad()
        h = x
        zs, as_ = [], []
        for w, b, act in zip(weights, biases, acts):
            z = h @ w + b
            z.retain_grad()
            a = ACTIVATIONS[act](z)
            zs.append(z)
            as_.append(a)
            h = a
        e = loss_value(loss_name, h, y)
        e.backward()
        trace.append({
            "loss": e.item(),
            "outputs": h.tolist(),
            "layers": [{"z": z.tolist(), "a": a.tolist(), "delta": z.grad.tolist(),
                        "weight_gradients": w.grad.tolist(), "bias_gradients": b.grad.tolist()}
                       for z, a, w, b in zip(zs, as_, weights, biases)],
        })
        opt.step()
    after = {"format": "myelin.network", "version": 1, "inputs": sizes[0], "layers": [
        {"type": "dense", "units": sizes[i + 1], "activation": acts[i],
         "weights": weights[i].tolist(), "bias": biases[i].tolist()} for i in range(len(weights))]}
    return {"optimizer": opt_name, "learning_rate": lr, "loss_name": loss_name, "x": x.tolist(), "y": y.tolist(),
            "initial_network": network, "steps": trace, "network": after}


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out_dir, exist_ok=True)
    for i, case in enumerate(CASES):
        result = run(case, 1000 + i)
        result["torch_version"] = torch.__version__
        path = os.path.join(out_dir, "explain_" + case[0] + ".json")
        with open(path, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        print("wrote", path, file=sys.stderr)


if __name__ == "__main__":
    main()
