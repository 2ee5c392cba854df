#!/usr/bin/python3
"""Golden optimizer trajectories from PyTorch, for myelin-core's OptimizerGoldenTest.

Runs torch.optim.* in float64 on a fixed 3-4-2 network (tanh hidden layer, identity output,
MSE loss, one fixed batch of 5 examples) and records every parameter after every step, so the
Java test can replay the same model through Network.computeGradients + Optimizer.step.

Parameters are written in Myelin's layout: dense weights [inputs][units] (the transpose of
torch.nn.Linear.weight), biases [units]. Myelin's L2 applies to weights only, so weight-decay
cases give torch two parameter groups (weights with weight_decay, biases without).

Schedules are stepped once per epoch (2 optimizer steps per epoch), as Myelin's trainer does.

Run with Debian's python3-torch:
    /usr/bin/python3 tools/golden/optimizers.py \
        > myelin-core/src/test/resources/golden/optimizers.json
"""
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)

W0 = [[0.31, -0.52, 0.12, 0.77],     # [3 inputs][4 units]
      [-0.45, 0.28, 0.66, -0.13],
      [0.09, 0.58, -0.71, 0.40]]
B0 = [0.05, -0.10, 0.02, 0.20]
W1 = [[0.61, -0.33],                  # [4 inputs][2 units]
      [-0.27, 0.48],
      [0.55, 0.19],
      [-0.42, -0.36]]
B1 = [0.03, -0.07]
X = [[0.5, -1.2, 0.3],
     [1.1, 0.4, -0.7],
     [-0.6, 0.9, 1.5],
     [0.2, -0.3, -0.8],
     [-1.4, 0.7, 0.1]]
Y = [[0.4, -0.2],
     [-0.5, 0.9],
     [1.0, 0.3],
     [-0.1, -0.6],
     [0.7, 0.2]]

STEPS = 6
EPOCHS = 6           # schedule cases: EPOCHS epochs of STEPS_PER_EPOCH steps
STEPS_PER_EPOCH = 2
NAMES = ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"]


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l0 = torch.nn.Linear(3, 4)
        self.l1 = torch.nn.Linear(4, 2)
        with torch.no_grad():
            self.l0.weight.copy_(torch.tensor(W0).T)
            self.l0.bias.copy_(torch.tensor(B0))
            self.l1.weight.copy_(torch.tensor(W1).T)
            self.l1.bias.copy_(torch.tensor(B1))

    def forward(self, x):
        return self.l1(torch.tanh(self.l0(x)))

    def weights(self):
        return [self.l0.weight, self.l1.weight]

    def biases(self):
        return [self.l0.bias, self.l1.bias]

    def snapshot(self):
        return {
            NAMES[0]: self.l0.weight.detach().T.tolist(),
            NAMES[1]: self.l0.bias.detach().tolist(),
            NAMES[2]: self.l1.weight.detach().T.tolist(),
            NAMES[3]: self.l1.bias.detach().tolist(),
        }


def groups(net, weight_decay):
    """Weights decay, biases do not (Myelin's L2 is on weights only)."""
    return [{"params": net.weights(), "weight_decay": weight_decay},
            {"params": net.biases(), "weight_decay": 0.0}]


def run(name, make_optimizer, spec, clip=None, l2_in_loss=0.0, schedule=None):
    net = Net()
    opt = make_optimizer(net)
    sched = schedule(opt) if schedule else None
    x, y = torch.tensor(X), torch.tensor(Y)
    trajectory, losses, rates = [], [], []
    epochs = EPOCHS if sched else 1
    per_epoch = STEPS_PER_EPOCH if sched else STEPS
    for epoch in range(epochs):
        rates.append(opt.param_groups[0]["lr"])
        for _ in range(per_epoch):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x), y)
            losses.append(loss.item())
            if l2_in_loss:
                # the penalty (λ/2)·Σw² as part of the loss, so that clipping sees its gradient
                loss = loss + 0.5 * l2_in_loss * sum((w * w).sum() for w in net.weights())
            loss.backward()
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
            opt.step()
            trajectory.append(net.snapshot())
        if sched:
            sched.step()
    case = {"name": name, "losses": losses, "trajectory": trajectory}
    case.update(spec)
    if sched:
        case["rates"] = rates
        case["steps_per_epoch"] = STEPS_PER_EPOCH
    if clip is not None:
        case["clip_norm"] = clip
    return case


def gradient_norm():
    net = Net()
    loss = torch.nn.functional.mse_loss(net(torch.tensor(X)), torch.tensor(Y))
    loss.backward()
    return math.sqrt(sum(float((p.grad ** 2).sum()) for p in net.parameters()))


def schedule_rates(epochs=12, base=0.1):
    """Each scheduler's learning rate at epochs 0..epochs-1, base rate 0.1."""
    makers = {
        "step": (lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5),
                 {"step_size": 3, "gamma": 0.5}),
        "exponential": (lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9), {"gamma": 0.9}),
        "cosine": (lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=7, eta_min=0.002),
                   {"t_max": 7, "eta_min": 0.002}),
    }
    out = []
    for name, (make, spec) in makers.items():
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
        sched = make(opt)
        rates = []
        for _ in range(epochs):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        entry = {"schedule": name, "base": base, "rates": rates}
        entry.update(spec)
        out.append(entry)
    return out


def main():
    o = torch.optim
    cases = [
        run("sgd", lambda n: o.SGD(n.parameters(), lr=0.1), {"optimizer": "sgd", "lr": 0.1}),
        run("sgd_l2", lambda n: o.SGD(groups(n, 0.05), lr=0.1),
            {"optimizer": "sgd", "lr": 0.1, "l2": 0.05}),
        run("momentum", lambda n: o.SGD(n.parameters(), lr=0.05, momentum=0.9),
            {"optimizer": "momentum", "lr": 0.05, "momentum": 0.9}),
        run("momentum_half", lambda n: o.SGD(n.parameters(), lr=0.1, momentum=0.5),
            {"optimizer": "momentum", "lr": 0.1, "momentum": 0.5}),
        run("nesterov", lambda n: o.SGD(n.parameters(), lr=0.05, momentum=0.9, nesterov=True),
            {"optimizer": "nesterov", "lr": 0.05, "momentum": 0.9}),
        run("adam_default", lambda n: o.Adam(n.parameters()), {"optimizer": "adam", "lr": 1e-3}),
        run("adam", lambda n: o.Adam(n.parameters(), lr=0.05, betas=(0.8, 0.99), eps=1e-6),
            {"optimizer": "adam", "lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
        run("adam_l2", lambda n: o.Adam(groups(n, 0.02), lr=0.05),
            {"optimizer": "adam", "lr": 0.05, "l2": 0.02}),
        run("adamw_default", lambda n: o.AdamW(n.parameters()), {"optimizer": "adamw", "lr": 1e-3}),
        run("adamw", lambda n: o.AdamW(n.parameters(), lr=0.05, betas=(0.85, 0.995), eps=1e-7,
                                       weight_decay=0.1),
            {"optimizer": "adamw", "lr": 0.05, "beta1": 0.85, "beta2": 0.995, "eps": 1e-7,
             "weight_decay": 0.1}),
        run("adagrad_default", lambda n: o.Adagrad(n.parameters()), {"optimizer": "adagrad", "lr": 0.01}),
        run("adagrad", lambda n: o.Adagrad(n.parameters(), lr=0.2, eps=1e-6),
            {"optimizer": "adagrad", "lr": 0.2, "eps": 1e-6}),
        run("rmsprop_default", lambda n: o.RMSprop(n.parameters()), {"optimizer": "rmsprop", "lr": 0.01}),
        run("rmsprop", lambda n: o.RMSprop(n.parameters(), lr=0.005, alpha=0.9, eps=1e-6),
            {"optimizer": "rmsprop", "lr": 0.005, "alpha": 0.9, "eps": 1e-6}),
        run("adadelta_default", lambda n: o.Adadelta(n.parameters()), {"optimizer": "adadelta", "lr": 1.0}),
        run("adadelta", lambda n: o.Adadelta(n.parameters(), lr=0.5, rho=0.8, eps=1e-5),
            {"optimizer": "adadelta", "lr": 0.5, "rho": 0.8, "eps": 1e-5}),
        # clipping: the first gradient norm is about 1.36, so a bound of 0.2 is active
        run("sgd_clip", lambda n: o.SGD(n.parameters(), lr=0.1), {"optimizer": "sgd", "lr": 0.1}, clip=0.2),
        run("adam_clip", lambda n: o.Adam(n.parameters(), lr=0.05), {"optimizer": "adam", "lr": 0.05}, clip=0.2),
        # Myelin adds the L2 gradient before clipping, as if the penalty were part of the loss
        run("sgd_l2_clip", lambda n: o.SGD(n.parameters(), lr=0.1), {"optimizer": "sgd", "lr": 0.1, "l2": 0.05},
            clip=0.2, l2_in_loss=0.05),
        run("step_lr", lambda n: o.SGD(n.parameters(), lr=0.1, momentum=0.9),
            {"optimizer": "momentum", "lr": 0.1, "momentum": 0.9, "schedule": "step", "step_size": 2, "gamma": 0.5},
            schedule=lambda opt: o.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)),
        run("exponential_lr", lambda n: o.Adam(n.parameters(), lr=0.05),
            {"optimizer": "adam", "lr": 0.05, "schedule": "exponential", "gamma": 0.8},
            schedule=lambda opt: o.lr_scheduler.ExponentialLR(opt, gamma=0.8)),
        run("cosine_lr", lambda n: o.SGD(n.parameters(), lr=0.2),
            {"optimizer": "sgd", "lr": 0.2, "schedule": "cosine", "t_max": 5, "eta_min": 0.01},
            schedule=lambda opt: o.lr_scheduler.CosineAnnealingLR(opt, T_max=5, eta_min=0.01)),
    ]
    out = {
        "schedules": schedule_rates(),
        "generator": "tools/golden/optimizers.py",
        "torch": torch.__version__,
        "model": {"w0": W0, "b0": B0, "w1": W1, "b1": B1, "x": X, "y": Y,
                  "hidden": "tanh", "output": "identity", "loss": "mse",
                  "initial_gradient_norm": gradient_norm()},
        "cases": cases,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
