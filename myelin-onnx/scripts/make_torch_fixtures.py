#!/usr/bin/python3
"""Writes the PyTorch fixtures of myelin-onnx's import tests.

For each small multilayer perceptron below: NAME.onnx as torch.onnx.export writes it, and NAME.json
with 16 input rows and PyTorch's outputs for them (float32, eval mode). The tests read both, so they
need no Python; rerun this after changing a model (Debian: apt-get install python3-torch):

    /usr/bin/python3 myelin-onnx/scripts/make_torch_fixtures.py
"""
import json
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "dev", "myelin", "onnx", "torch")


class MatMulAdd(nn.Module):
    """x @ W + b with raw parameters: exported as MatMul then Add (no Gemm)."""

    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(n_in, n_hidden) * 0.5)
        self.b1 = nn.Parameter(torch.randn(n_hidden) * 0.1)
        self.w2 = nn.Parameter(torch.randn(n_out, n_hidden) * 0.5)  # used transposed: a Transpose node
        self.b2 = nn.Parameter(torch.randn(n_out) * 0.1)

    def forward(self, x):
        h = torch.tanh(torch.matmul(x, self.w1) + self.b1)
        return torch.matmul(h, self.w2.t()) + self.b2


class Unsupported(nn.Module):
    """An operator the importer does not read (Abs), to check its one-sentence refusal."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return torch.abs(self.fc(x))


def models():
    return {
        # name: (module, inputs, export options)
        "relu_softmax": (nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(dim=1)), 4, {}),
        "tanh_sigmoid": (nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 1), nn.Sigmoid()), 3, {}),
        "leaky_elu_softplus": (nn.Sequential(nn.Linear(6, 7), nn.LeakyReLU(0.2), nn.Linear(7, 7), nn.ELU(0.7),
                                             nn.Linear(7, 4), nn.Softplus(), nn.Linear(4, 2)), 6, {}),
        "gelu_decomposed": (nn.Sequential(nn.Linear(4, 6), nn.GELU(), nn.Linear(6, 2)), 4, {}),
        "dropout_flatten": (nn.Sequential(nn.Flatten(), nn.Linear(5, 6), nn.Dropout(0.3), nn.ReLU(), nn.Identity(),
                                          nn.Linear(6, 3), nn.Softmax(dim=-1)), 5, {"do_constant_folding": False}),
        "matmul_add": (MatMulAdd(3, 4, 2), 3, {"do_constant_folding": False}),
        "initializers_as_inputs": (nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1)), 2,
                                   {"keep_initializers_as_inputs": True}),
        "mnist_mlp": (nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10), nn.Softmax(dim=1)),
                      784, {}),
        "unsupported_abs": (Unsupported(), 3, {}),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for i, (name, (model, n_in, options)) in enumerate(models().items()):
        torch.manual_seed(100 + i)
        for p in model.parameters():  # fresh, seeded weights per model
            with torch.no_grad():
                p.copy_(torch.randn_like(p) * 0.5)
        model.eval()
        x = torch.randn(16, n_in) * 2
        if name == "mnist_mlp":
            x = torch.rand(16, n_in)
        with torch.no_grad():
            y = model(x)
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, x, path, input_names=["input"], output_names=["output"], opset_version=13,
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, **options)
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump({"torch": torch.__version__, "input": x.tolist(), "output": y.tolist()}, f)
            f.write("\n")
        print(name, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
