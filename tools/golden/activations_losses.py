#!/usr/bin/python3
"""Golden values for Myelin's activations, losses and a full network pass, computed by PyTorch in float64.

Run from the repository root with Debian's PyTorch (python3-torch):

    /usr/bin/python3 tools/golden/activations_losses.py

It writes two files that the Java tests read (and that are committed, so the tests need no Python):

    myelin-core/src/test/resources/golden/activations_losses.json
    myelin-core/src/test/resources/golden/network.json

Conventions, matching Myelin's:
  * batches are rows x features; dense weights are [inputs][units], so z = x @ W + b;
  * every derivative comes from torch.autograd, never from a hand-written formula;
  * element-wise activations give g(z) and g'(z) (autograd of sum(g(z)) w.r.t. z);
    softmax gives the vector-Jacobian product dE/dz for a fixed upstream dE/da;
  * losses give E and dE/d(input), where the input is the output a (plain forms) or the logits z
    (fused forms: BCEWithLogitsLoss, CrossEntropyLoss).

Where PyTorch's own module loses digits or takes a shortcut, the reference is written with accurate
torch ops instead, and the comment says why (all are still differentiated by autograd):
  * softplus: torch.nn.functional.softplus returns z itself above its threshold 20, so its derivative
    there is exactly 1, and torch.logaddexp(z, 0) rounds to 0 at z = -40; the reference is
    max(z, 0) + log1p(exp(-|z|)), the same function without the cut-off.
  * gelu: F.gelu computes 0.5 * (1 + erf(z / sqrt 2)), which cancels for z << 0; the reference uses
    erfc, the same function with full relative accuracy in the left tail. F.gelu is checked against
    it here on moderate values.
  * elu: written as exp(z) - 1 for z <= 0, because the backward of torch.expm1 is (result + 1), which
    rounds the derivative e^z to 0 for z < -37.
Python prints floats in their shortest round-trip form, so the JSON holds the exact float64 values.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "myelin-core", "src", "test", "resources", "golden")

# Fixed inputs: moderate values away from the kinks at 0, tails, and saturation at +-40 and +-800.
Z = [-800.0, -40.0, -12.5, -5.0, -2.3, -1.0, -0.7, -0.2, -0.05, 0.03, 0.1, 0.5, 1.0, 1.7, 3.0, 6.0, 12.5, 40.0, 800.0]


def elementwise(name, z):
    if name == "identity":
        return z
    if name == "step":
        return (z > 0).to(z.dtype)  # no autograd path: derivative 0
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)
    if name == "leaky_relu":
        return F.leaky_relu(z, 0.01)
    if name == "elu":
        # exp(z) - 1, not expm1: torch's expm1 backward is (result + 1), which rounds e^z to 0 for
        # z < -37; exp's backward is e^z itself. (The forward loses no digit that matters here.)
        return torch.where(z > 0, z, torch.exp(torch.clamp(z, max=0.0)) - 1)
    if name == "gelu":
        return z * 0.5 * torch.special.erfc(-z / math.sqrt(2.0))
    if name == "softplus":
        # max(z, 0) + log1p(e^-|z|): torch.logaddexp returns log(1 + 4e-18) = 0 at z = -40.
        return torch.relu(z) + torch.log1p(torch.exp(-torch.abs(z)))
    raise ValueError(name)


ELEMENTWISE = ["identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "softplus"]


def activations():
    out = {}
    for name in ELEMENTWISE:
        z = torch.tensor(Z, requires_grad=True)
        a = elementwise(name, z)
        if a.requires_grad:
            (d,) = torch.autograd.grad(a.sum(), z)
        else:
            d = torch.zeros_like(z)
        out[name] = {"z": Z, "a": a.detach().tolist(), "derivative": d.tolist()}
    # Sanity: the accurate references agree with PyTorch's modules where both are accurate.
    zm = torch.linspace(-3, 3, 61)
    assert torch.allclose(elementwise("gelu", zm), F.gelu(zm), rtol=1e-13, atol=1e-15)
    assert torch.allclose(elementwise("elu", zm), F.elu(zm), rtol=1e-13, atol=1e-15)
    assert torch.allclose(elementwise("softplus", zm), F.softplus(zm), rtol=1e-13, atol=1e-15)

    # Softmax over rows, including a row at 1000 (overflow without the max shift) and a saturated one.
    zs = [[1.0, 2.0, 3.0, -1.0], [0.5, -0.25, 0.125, 2.0], [1000.0, 999.0, 998.0, 0.0],
          [-800.0, 40.0, 0.0, -40.0], [3.0, 3.0, 3.0, 3.0]]
    upstream = [[0.3, -1.2, 0.7, 2.0], [-0.5, 0.25, 1.5, -2.0], [1.0, -1.0, 0.5, 0.25],
                [0.1, 0.2, -0.3, 0.4], [1.0, 2.0, 3.0, 4.0]]
    z = torch.tensor(zs, requires_grad=True)
    a = torch.softmax(z, dim=1)
    (gz,) = torch.autograd.grad(a, z, grad_outputs=torch.tensor(upstream))
    out["softmax"] = {"z": zs, "a": a.detach().tolist(), "upstream": upstream, "grad_z": gz.tolist()}
    return out


def loss_case(name, fn, inp, target):
    x = torch.tensor(inp, requires_grad=True)
    e = fn(x, torch.tensor(target))
    (g,) = torch.autograd.grad(e, x)
    return {"loss": name, "input": inp, "target": target, "value": e.item(), "gradient": g.tolist()}


def losses():
    a = [[0.2, 0.7, 0.95], [0.6, 0.1, 0.4], [0.999, 0.5, 0.01], [0.33, 0.82, 0.05]]
    y_soft = [[0.0, 1.0, 1.0], [1.0, 0.0, 0.25], [1.0, 0.5, 0.0], [0.0, 1.0, 0.0]]
    y_reg = [[0.5, -1.0, 2.0], [1.5, 0.0, 0.4], [-0.3, 0.25, 1.0], [0.0, 0.75, -2.0]]
    logits = [[2.0, -1.0, 0.5], [-3.0, 0.25, 1.5], [7.0, 0.0, -7.0], [0.1, 0.2, -0.3]]
    probs = [[0.2, 0.5, 0.3], [0.1, 0.6, 0.3], [0.7, 0.2, 0.1], [0.25, 0.25, 0.5]]
    y_onehot = [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    y_probs = [[0.1, 0.8, 0.1], [0.0, 0.3, 0.7], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]]

    def half_sse(x, y):
        return 0.5 * ((x - y) ** 2).sum() / x.shape[0]

    def nll_of_probs(p, y):
        return -(y * torch.log(p)).sum() / p.shape[0]

    cases = [
        loss_case("mse", F.mse_loss, a, y_reg),
        loss_case("mse", F.mse_loss, y_reg, a),
        loss_case("half_sse", half_sse, a, y_reg),
        loss_case("half_sse", half_sse, y_reg, a),
        loss_case("binary_cross_entropy", F.binary_cross_entropy, a, y_soft),
        loss_case("binary_cross_entropy/fused", F.binary_cross_entropy_with_logits, logits, y_soft),
        loss_case("categorical_cross_entropy", nll_of_probs, probs, y_onehot),
        loss_case("categorical_cross_entropy", nll_of_probs, probs, y_probs),
        loss_case("categorical_cross_entropy/fused", F.cross_entropy, logits, y_onehot),
        loss_case("categorical_cross_entropy/fused", F.cross_entropy, logits, y_probs),
        # Saturated logits: the fused forms stay finite where a = sigmoid(z) or softmax(z) is 0 or 1.
        loss_case("binary_cross_entropy/fused", F.binary_cross_entropy_with_logits,
                  [[1000.0, -1000.0], [1000.0, -1000.0]], [[0.0, 1.0], [1.0, 0.0]]),
        loss_case("categorical_cross_entropy/fused", F.cross_entropy,
                  [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]], [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
    ]
    for c in cases:
        assert all(math.isfinite(v) for row in c["gradient"] for v in row) and math.isfinite(c["value"])
    return cases


ACT = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "elu": F.elu,
       "identity": lambda t: t}


def network(name, sizes, activations, loss, seed):
    """A random dense network, its forward values and every gradient of the batch loss."""
    g = torch.Generator().manual_seed(seed)
    rows = 5
    ws, bs = [], []
    for i in range(len(sizes) - 1):
        ws.append((torch.rand(sizes[i], sizes[i + 1], generator=g) * 2 - 1).requires_grad_(True))
        bs.append((torch.rand(sizes[i + 1], generator=g) * 0.5 - 0.25).requires_grad_(True))
    x = (torch.rand(rows, sizes[0], generator=g) * 4 - 2).requires_grad_(True)
    if loss == "categorical_cross_entropy":
        y = F.one_hot(torch.randint(0, sizes[-1], (rows,), generator=g), sizes[-1]).to(torch.float64)
    elif loss == "binary_cross_entropy":
        y = torch.randint(0, 2, (rows, sizes[-1]), generator=g).to(torch.float64)
    else:
        y = torch.rand(rows, sizes[-1], generator=g) * 2 - 1
    h = x
    outputs = []
    for i, act in enumerate(activations):
        z = h @ ws[i] + bs[i]
        if i == len(activations) - 1 and loss == "categorical_cross_entropy":
            assert act == "softmax"
            e = F.cross_entropy(z, y)
            h = torch.softmax(z, dim=1)
        elif i == len(activations) - 1 and loss == "binary_cross_entropy":
            assert act == "sigmoid"
            e = F.binary_cross_entropy_with_logits(z, y)
            h = torch.sigmoid(z)
        else:
            h = ACT[act](z)
        outputs.append(h.detach().tolist())
    if loss == "mse":
        e = F.mse_loss(h, y)
    grads = torch.autograd.grad(e, ws + bs + [x])
    n = len(ws)
    return {
        "name": name, "inputs": sizes[0], "activations": activations, "loss": loss,
        "weights": [w.detach().tolist() for w in ws], "biases": [b.detach().tolist() for b in bs],
        "x": x.detach().tolist(), "y": y.tolist(), "layer_outputs": outputs, "value": e.item(),
        "weight_grads": [t.tolist() for t in grads[:n]], "bias_grads": [t.tolist() for t in grads[n:2 * n]],
        "input_grad": grads[2 * n].tolist(),
    }


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"generator": "tools/golden/activations_losses.py", "torch": torch.__version__, "dtype": "float64"}
    write("activations_losses.json", {"meta": meta, "activations": activations(), "losses": losses()})
    write("network.json", {"meta": meta, "networks": [
        network("tanh-relu-softmax, cross-entropy", [4, 6, 5, 3], ["tanh", "relu", "softmax"],
                "categorical_cross_entropy", 7),
        network("elu-tanh-sigmoid, binary cross-entropy", [3, 5, 4, 2], ["elu", "tanh", "sigmoid"],
                "binary_cross_entropy", 11),
        network("sigmoid-relu-identity, mse", [3, 4, 4, 2], ["sigmoid", "relu", "identity"], "mse", 13),
    ]})


if __name__ == "__main__":
    main()
