#!/usr/bin/python3
"""Writes the PyTorch autograd reference cases under src/test/resources/reference-gradients/.

Each case is a small MLP, its batch and every forward value and gradient, computed by PyTorch
autograd in float64, in the layout `jobs/gradcheck.sh --reference DIR` and the tests read (see
src/test/resources/reference-gradients/README.md). The tests only read the files: PyTorch is
needed to regenerate them, not to build or test the project.

    apt-get install -y python3-torch    # Debian's PyTorch (1.13) and NumPy
    /usr/bin/python3 scripts/reference-gradients.py [OUT_DIR]   # the Debian Python apt installs torch for

seed-tanh-ce, the seed document's own case, came with the project and is not rewritten here.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

ACTIVATIONS = {
    "identity": lambda z: z,
    "relu": F.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, negative_slope=0.01),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "gelu": lambda z: F.gelu(z, approximate="none"),  # 0.5·z·(1 + erf(z/√2))
}

# name: (layer widths input to output, activation of each layer, loss, batch, seed)
CASES = {
    "deep-relu-ce": ([20, 16, 12, 5], ["relu", "relu", "identity"], "cross_entropy", 8, 1),
    "mixed-gelu-leaky-sigmoid-ce": ([10, 9, 8, 7, 4], ["gelu", "leaky_relu", "sigmoid", "identity"],
                                    "cross_entropy", 6, 2),
    "tanh-mse": ([7, 6, 3], ["tanh", "identity"], "mse", 5, 3),
    "sigmoid-mse-batch1": ([5, 4, 2], ["sigmoid", "sigmoid"], "mse", 1, 4),
}


def write_case(out_dir, name, widths, acts, loss_name, batch, seed):
    g = torch.Generator().manual_seed(seed)
    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)

    def save(file, tensor):
        np.save(os.path.join(d, file), np.array(tensor.detach().numpy(), order="C"))  # keeps 0-d as ()

    x = torch.randn(batch, widths[0], generator=g, dtype=torch.float64, requires_grad=True)
    k = widths[-1]
    if loss_name == "cross_entropy":
        t = torch.randint(0, k, (batch,), generator=g, dtype=torch.int64)
    else:
        t = torch.randn(batch, k, generator=g, dtype=torch.float64)
    ws, bs, zs, ys = [], [], [], []
    h = x
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        # z = x·W + b with W stored (in, out), as in the seed; scaled so activations stay in range
        w = (torch.randn(n_in, n_out, generator=g, dtype=torch.float64) / n_in ** 0.5).requires_grad_()
        b = (0.1 * torch.randn(n_out, generator=g, dtype=torch.float64)).requires_grad_()
        z = h @ w + b
        y = ACTIVATIONS[acts[i]](z)
        z.retain_grad()
        y.retain_grad()
        ws.append(w), bs.append(b), zs.append(z), ys.append(y)
        h = y
    if loss_name == "cross_entropy":
        loss = F.cross_entropy(h, t)   # mean over the batch of −log softmax(y_b)[t_b]
    else:
        loss = F.mse_loss(h, t)        # mean over all B·K elements
    loss.backward()

    spec = {"layers": [{"in": a, "out": b, "activation": act}
                       for a, b, act in zip(widths[:-1], widths[1:], acts)],
            "loss": loss_name, "batch": batch}
    with open(os.path.join(d, "spec.json"), "w") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")
    save("x.npy", x)
    save("t.npy", t)
    save("loss.npy", loss)
    save("dx.npy", x.grad)
    for i in range(len(ws)):
        for prefix, tensor in (("w", ws[i]), ("b", bs[i]), ("z", zs[i]), ("y", ys[i]),
                               ("dw", ws[i].grad), ("db", bs[i].grad), ("dz", zs[i].grad),
                               ("dy", ys[i].grad)):
            save(f"{prefix}{i}.npy", tensor)
    print(f"{d}: {'-'.join(map(str, widths))} {','.join(acts)} {loss_name} B={batch}, "
          f"loss {loss.item():.6f}")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
        "reference-gradients")
    print(f"PyTorch {torch.__version__}, NumPy {np.__version__}")
    for name, (widths, acts, loss_name, batch, seed) in CASES.items():
        write_case(out_dir, name, widths, acts, loss_name, batch, seed)


if __name__ == "__main__":
    main()
