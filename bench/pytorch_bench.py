#!/usr/bin/python3
"""PyTorch side of the convnet benchmark: the lesson's LeNet-5 on MNIST and the Keras CIFAR-10 CNN.

Prints one JSON object per measurement on stdout (the Java benchmark parses them), human notes on stderr.
Run with Debian's python3-torch and libopenblas0-pthread installed; threads default to 2 (BENCH_THREADS).
Usage: pytorch_bench.py MNIST_DIR [--lenet-epochs N] [--cifar-train-iters N] [--cifar-epoch-images N]
                         [--infer-batches N] [--latency-runs N] [--lenet-images N] [--gemm-size N]
"""
import argparse
import gzip
import json
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# Other processes may share the 2 cores: throughput is the best of several windows (same rule as the Java side).
WINDOW_IMAGES = 6000
WINDOWS = 3


def emit(**record):
    print(json.dumps(record), flush=True)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    if magic == 0x801:
        return np.frombuffer(data, dtype=np.uint8, offset=8)
    raise ValueError(f"{path}: not an IDX image or label file (magic {magic:#x})")


def keras_init(module):
    # Keras defaults (glorot uniform kernels, zero biases), so both frameworks start alike.
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool1 = nn.AvgPool2d(2, stride=1)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.AvgPool2d(2, stride=2)
        self.conv3 = nn.Conv2d(16, 120, 5)
        self.fc1 = nn.Linear(120 * 7 * 7, 84)
        self.fc2 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(torch.tanh(self.conv1(x)))
        x = self.pool2(torch.tanh(self.conv2(x)))
        x = torch.tanh(self.conv3(x))
        x = torch.tanh(self.fc1(torch.flatten(x, 1)))
        return self.fc2(x)  # softmax folded into cross_entropy


class CifarCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 32, 3)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv4 = nn.Conv2d(64, 64, 3)
        self.fc1 = nn.Linear(64 * 6 * 6, 512)
        self.fc2 = nn.Linear(512, 10)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = F.dropout(F.max_pool2d(x, 2), 0.25, self.training)
        x = F.relu(self.conv4(F.relu(self.conv3(x))))
        x = F.dropout(F.max_pool2d(x, 2), 0.25, self.training)
        x = F.dropout(F.relu(self.fc1(torch.flatten(x, 1))), 0.5, self.training)
        return self.fc2(x)


def gemm_ceiling(n=4096, repeats=5):
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    c = torch.empty(n, n)
    torch.mm(a, b, out=c)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        torch.mm(a, b, out=c)
        best = min(best, time.perf_counter() - start)
    emit(name="gemm", n=n, gflops=2.0 * n ** 3 / best / 1e9)


def lenet(mnist_dir, epochs, images=0, batch=128):
    x_train = torch.from_numpy(read_idx(os.path.join(mnist_dir, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255)
    y_train = torch.from_numpy(read_idx(os.path.join(mnist_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    if images > 0:  # the first N images, as the peer benchmark's other engines train on
        x_train, y_train = x_train[:images], y_train[:images]
    x_test = torch.from_numpy(read_idx(os.path.join(mnist_dir, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255)
    y_test = torch.from_numpy(read_idx(os.path.join(mnist_dir, "t10k-labels-idx1-ubyte.gz")).astype(np.int64))
    torch.manual_seed(42)
    model = LeNet5()
    model.apply(keras_init)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    seconds = 0.0
    images = 0
    best_window = 0.0
    for _ in range(epochs):
        order = torch.randperm(len(x_train))
        xs, ys = x_train[order], y_train[order]
        model.train()
        start = window_start = time.perf_counter()
        window_images = 0
        for i in range(0, len(xs), batch):
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xs[i:i + batch]), ys[i:i + batch])
            loss.backward()
            optimizer.step()
            window_images += len(xs[i:i + batch])
            if window_images >= WINDOW_IMAGES:
                now = time.perf_counter()
                best_window = max(best_window, window_images / (now - window_start))
                window_start, window_images = now, 0
        seconds += time.perf_counter() - start
        images += len(xs)
    model.eval()
    with torch.no_grad():
        predictions = torch.cat([model(x_test[i:i + 1000]).argmax(1) for i in range(0, len(x_test), 1000)])
    accuracy = (predictions == y_test).float().mean().item()
    emit(name="lenet_train", images_per_s=best_window, epoch_images_per_s=images / seconds, seconds=seconds,
         epochs=epochs, accuracy=accuracy)


def cifar(train_iters, epoch_images, infer_batches, latency_runs):
    torch.manual_seed(42)
    model = CifarCnn()
    model.apply(keras_init)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-4, alpha=0.9, eps=1e-7)  # Keras RMSprop defaults
    batches = [(torch.rand(32, 3, 32, 32), torch.randint(0, 10, (32,))) for _ in range(8)]

    def step(k):
        x, y = batches[k % len(batches)]
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        optimizer.step()

    model.train()
    for k in range(5):
        step(k)
    if train_iters > 0:
        best = 0.0
        for _ in range(WINDOWS):
            start = time.perf_counter()
            for k in range(train_iters):
                step(k)
            best = max(best, train_iters * 32 / (time.perf_counter() - start))
        emit(name="cifar_train", images_per_s=best)
    if epoch_images > 0:
        # One pass over epoch_images random images in batches of 32 (last batch partial), like the Java side.
        gen = torch.Generator().manual_seed(7)
        xs = torch.rand(epoch_images, 3, 32, 32, generator=gen)
        ys = torch.randint(0, 10, (epoch_images,), generator=gen)
        start = time.perf_counter()
        for i in range(0, epoch_images, 32):
            optimizer.zero_grad(set_to_none=True)
            F.cross_entropy(model(xs[i:i + 32]), ys[i:i + 32]).backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        emit(name="cifar_epoch", images=epoch_images, seconds=seconds, images_per_s=epoch_images / seconds)

    model.eval()
    x256 = torch.rand(256, 3, 32, 32)
    with torch.no_grad():
        model(x256)
        best = 0.0
        for _ in range(WINDOWS):
            start = time.perf_counter()
            for _ in range(infer_batches):
                model(x256)
            best = max(best, infer_batches * 256 / (time.perf_counter() - start))
        emit(name="cifar_infer256", images_per_s=best)
        x1 = torch.rand(1, 3, 32, 32)
        for _ in range(20):
            model(x1)
        times = []
        for _ in range(latency_runs):
            start = time.perf_counter()
            model(x1)
            times.append(time.perf_counter() - start)
        emit(name="cifar_infer1", median_ms=statistics.median(times) * 1000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mnist_dir")
    parser.add_argument("--lenet-epochs", type=int, default=1)
    parser.add_argument("--cifar-train-iters", type=int, default=40)
    parser.add_argument("--cifar-epoch-images", type=int, default=0)
    parser.add_argument("--infer-batches", type=int, default=5)
    parser.add_argument("--latency-runs", type=int, default=300)
    parser.add_argument("--lenet-images", type=int, default=0, help="train on the first N MNIST images (0: all)")
    parser.add_argument("--gemm-size", type=int, default=4096, help="0 skips the gemm ceiling")
    args = parser.parse_args()
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    torch.set_num_threads(threads)
    emit(name="info", torch=torch.__version__, threads=torch.get_num_threads(),
         capability=torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else "unknown")
    if args.gemm_size > 0:
        gemm_ceiling(args.gemm_size)
    cifar(args.cifar_train_iters, args.cifar_epoch_images, args.infer_batches, args.latency_runs)
    lenet(args.mnist_dir, args.lenet_epochs, args.lenet_images)


if __name__ == "__main__":
    sys.exit(main())
