#!/usr/bin/python3
"""The same U-Net, DSM loop and scoring as msma's core, in plain PyTorch (Debian's
python3-torch), measured the same way as bench/throughput.cpp. Prints images/s.

    throughput_pytorch.py [STEPS] [SCORE_IMAGES] [THREADS] [UPSAMPLE]
UPSAMPLE: conv-nearest (msma's default decoder: convolve at the coarse resolution to the
finer level's width, then upsample) or nearest-conv (upsample, then convolve; msma before
2026-12-03 and this script's network until then)."""
import gzip, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(torch.get_num_threads() if len(sys.argv) < 4 else int(sys.argv[3]))

def groups_for(ch):
    for g in (8, 4, 2):
        if ch % g == 0:
            return g
    return 1

class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups_for(cin), cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.level = nn.Linear(emb, cout)
        self.norm2 = nn.GroupNorm(groups_for(cout), cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None
    def forward(self, x, e):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.level(e)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + (self.skip(x) if self.skip is not None else x)

class UNet(nn.Module):
    def __init__(self, width=32, depth=3, levels=10, channels=1, upsample="conv-nearest"):
        super().__init__()
        self.conv_first = upsample == "conv-nearest"
        emb = 4 * width
        self.embed = nn.Embedding(levels, emb)
        self.embed_mlp = nn.Linear(emb, emb)
        self.conv_in = nn.Conv2d(channels, width, 3, padding=1)
        ch = [width * (1 if k == 0 else 2) for k in range(depth)]
        self.down_blocks = nn.ModuleList(ResBlock(width if k == 0 else ch[k - 1], ch[k], emb) for k in range(depth))
        self.downs = nn.ModuleList(nn.Conv2d(ch[k], ch[k], 3, stride=2, padding=1) for k in range(depth - 1))
        self.mid = ResBlock(ch[-1], ch[-1], emb)
        up_out = [ch[k] if self.conv_first else ch[k + 1] for k in range(depth - 1)]
        self.ups = nn.ModuleList(nn.Conv2d(ch[k + 1], up_out[k], 3, padding=1) for k in range(depth - 1))
        self.up_blocks = nn.ModuleList(ResBlock(up_out[k] + ch[k], ch[k], emb) for k in range(depth - 1))
        self.out_norm = nn.GroupNorm(groups_for(ch[0]), ch[0])
        self.conv_out = nn.Conv2d(ch[0], channels, 3, padding=1)
        self.depth = depth
    def forward(self, x, levels):
        e = F.silu(self.embed_mlp(F.silu(self.embed(levels))))
        h = self.conv_in(x * 2 - 1)
        skips = []
        for k in range(self.depth):
            h = self.down_blocks[k](h, e)
            if k + 1 < self.depth:
                skips.append(h)
                h = self.downs[k](h)
        h = self.mid(h, e)
        for k in range(self.depth - 2, -1, -1):
            if self.conv_first:
                h = F.interpolate(self.ups[k](h), size=skips[k].shape[2:], mode="nearest")
            else:
                h = self.ups[k](F.interpolate(h, size=skips[k].shape[2:], mode="nearest"))
            h = self.up_blocks[k](torch.cat([h, skips[k]], 1), e)
        return self.conv_out(F.silu(self.out_norm(h)))

def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    n_score = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
        data = torch.from_numpy(np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).copy())
    sigmas = torch.exp(torch.linspace(np.log(1.0), np.log(0.01), 10))
    upsample = sys.argv[4] if len(sys.argv) > 4 else "conv-nearest"
    if upsample not in ("conv-nearest", "nearest-conv"):
        sys.exit(f"unknown upsample '{upsample}' (conv-nearest or nearest-conv)")
    net = UNet(upsample=upsample)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    def step():
        idx = torch.randint(len(data), (128,))
        x = data[idx].float() / 255
        lv = torch.randint(10, (128,))
        z = torch.randn_like(x)
        out = net(x + sigmas[lv].view(-1, 1, 1, 1) * z, lv)
        loss = 0.5 * (out + z).pow(2).flatten(1).sum(1).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    for _ in range(5):
        step()
    t0 = time.time()
    for _ in range(steps):
        step()
    print(f"upsample {upsample}, threads {torch.get_num_threads()}, parameters {sum(p.numel() for p in net.parameters())}")
    print(f"python_train_images_per_s {steps * 128 / (time.time() - t0):.1f}")
    net.eval()
    x_all = data[:n_score].float() / 255
    t0 = time.time()
    with torch.no_grad():
        for i in range(0, n_score, 64):
            x = x_all[i:i + 64]
            for l in range(10):  # the usual script: one pass per level
                net(x, torch.full((len(x),), l, dtype=torch.long)).flatten(1).norm(dim=1)
    print(f"python_score_images_per_s {n_score / (time.time() - t0):.1f}")

main()
