"""Benchmark: the price column a price list or a listing pack needs — N SKUs (default 100,000) × the 10 shipped
channels — with wall time, peak memory and a ratio to a floor measured in the same run.

The workload is what `price_table` (price list) and `PackPricer` (packs) run: each SKU's ex-factory cost priced
on each channel at a margin target (30%, the pack default and the price list's first tier), costs in CNY,
converted at the workspace's dated rate for the USD channels, every channel's own fees, VAT and ending.
Costs are generated deterministically from the SKU number and streamed; results are summed into a checksum
(the paid prices) and dropped, as a document writer consumes them.

Wall time depends on what else the machine runs; CPU seconds (user + system of the path's process and its
workers) are what it would take on an idle core. Paths (each runs in its own fresh process, so its peak RSS is
its own):
- `batch`: the batch path (`ChannelPricer`, one compiled pricer per channel) — what the consumers use now;
- `per-sku`: `price_channel` per SKU and channel, the full result built each time — what they used before;
- `floor`: the same count of the least a price needs, in a bare loop: convert (one Decimal multiply by the rate)
  and round to the cent (one quantize) per SKU × channel, in the same 50-digit context.
`--workers N` splits the batch path's SKUs over N processes (the checksum must not change).

    python bench/pricing.py [--skus N] [--paths batch,per-sku,floor] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services.pricing import (
    ChannelPricer,
    CostBuildUp,
    PricingError,
    ProductPlan,
    Target,
    TargetKind,
    fx_table,
    load_profiles,
    price_channel,
    pricing_context,
)

TARGET = Target(TargetKind.MARGIN, Decimal("0.30"))
FX = fx_table([(date(2026, 1, 1), "USD", "CNY", Decimal("7.10")), (date(2026, 7, 1), "USD", "CNY", Decimal("7.20"))])
ON = date(2026, 11, 25)
CENT = Decimal("0.01")


def sku_cost(i: int) -> Decimal:
    """A deterministic ex-factory cost over ¥5–¥505 from a simple modular sequence."""
    return Decimal(500 + (i * 7919) % 50000).scaleb(-2)


def costs(start: int, stop: int) -> Iterator[CostBuildUp]:
    for i in range(start, stop):
        yield CostBuildUp("CNY", materials=sku_cost(i))


def run_batch(start: int, stop: int) -> tuple[int, Decimal]:
    """(prices made, sum of paid prices) through one compiled pricer per channel."""
    pricers = [ChannelPricer(ProductPlan(CostBuildUp("CNY"), TARGET), p, FX, ON) for p in load_profiles()]
    count, total = 0, Decimal(0)
    for one in costs(start, stop):
        for pricer in pricers:
            try:
                total += pricer.price(one).paid_price
                count += 1
            except PricingError:
                pass
    return count, total


def run_per_sku(start: int, stop: int) -> tuple[int, Decimal]:
    """(prices made, sum of paid prices) with `price_channel` per SKU and channel."""
    profiles = load_profiles()
    count, total = 0, Decimal(0)
    for one in costs(start, stop):
        plan = ProductPlan(one, TARGET)
        for profile in profiles:
            try:
                total += price_channel(plan, profile, FX, ON).paid_price
                count += 1
            except PricingError:
                pass
    return count, total


def run_floor(start: int, stop: int) -> tuple[int, Decimal]:
    """The floor: one multiply (the conversion) and one quantize (the rounding) per SKU × channel."""
    channels = len(load_profiles())
    rate = Decimal("0.1388888888888888888888888888888888888888888888889")
    count, total = 0, Decimal(0)
    with pricing_context():
        for i in range(start, stop):
            cost = sku_cost(i)
            for _ in range(channels):
                total += (cost * rate).quantize(CENT)
                count += 1
    return count, total


PATHS = {"batch": run_batch, "per-sku": run_per_sku, "floor": run_floor}


def _chunk(args: tuple[str, int, int]) -> tuple[int, Decimal]:
    name, start, stop = args
    return PATHS[name](start, stop)


def worker(name: str, skus: int, workers: int) -> dict[str, object]:
    """Run one path in this process; report seconds, peak RSS and the checksum."""
    started, cpu_started = time.perf_counter(), time.process_time()
    if workers > 1:
        step = -(-skus // (workers * 4))
        parts = [(name, a, min(a + step, skus)) for a in range(0, skus, step)]
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_chunk, parts))
        count, total = sum(r[0] for r in results), sum((r[1] for r in results), Decimal(0))
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    else:
        count, total = PATHS[name](0, skus)
        children = 0
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if workers > 1:
        cpu += resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"path": name, "seconds": seconds, "cpu_seconds": cpu, "prices": count, "checksum": str(total),
            "peak_rss_mb": peak_kb / 1024, "largest_child_rss_mb": children / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=100_000, help="number of SKUs (default 100,000)")
    parser.add_argument("--paths", default="batch,floor", help="comma-separated: batch, per-sku, floor")
    parser.add_argument("--workers", type=int, default=1, help="processes for the batch path (default 1)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.skus, args.workers)))
        return 0
    channels = len(load_profiles())
    print(f"price column: {args.skus:,} SKUs x {channels} channels = {args.skus * channels:,} prices")
    figures = {}
    for name in args.paths.split(","):
        workers = args.workers if name == "batch" else 1
        out = subprocess.run([sys.executable, __file__, "--worker", name, "--skus", str(args.skus),
                              "--workers", str(workers)], capture_output=True, text=True, check=True)
        figures[name] = json.loads(out.stdout)
        f = figures[name]
        extra = f", largest worker {f['largest_child_rss_mb']:.0f} MB" if workers > 1 else ""
        print(f"{name:8}: {f['seconds']:7.2f} s wall, {f['cpu_seconds']:7.2f} CPU-s  "
              f"peak RSS {f['peak_rss_mb']:6.0f} MB{extra}  "
              f"{f['prices']:,} prices  checksum {f['checksum']}"
              + (f"  ({workers} processes)" if workers > 1 else ""))
    if "floor" in figures:
        for name, f in figures.items():
            if name != "floor":
                print(f"ratio {name} / floor: {f['seconds'] / figures['floor']['seconds']:.1f}x wall, "
                      f"{f['cpu_seconds'] / figures['floor']['cpu_seconds']:.1f}x CPU")
    sums = {f["checksum"] for n, f in figures.items() if n != "floor"}
    if len(sums) > 1:
        print("CHECKSUMS DIFFER between paths", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
