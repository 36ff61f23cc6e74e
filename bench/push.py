"""Push N products (default 1,000) × 5 variants to local fake shops; throughput against the rate limit's ceiling.

The workspace is built like bench/packs.py (`build_workspace`: the demo's products cloned, here with exactly
5 variants each, priced by the demo's saved pricing plans). The shops are the test suite's fake servers
(tests/fakeshops.py), real HTTP on 127.0.0.1, driven through `push_products` and the app's connectors:

- Shopify (Admin GraphQL): the fake enforces a cost bucket (default maximumAvailable 1,000, restoreRate
  50/s, `productSet` costs 10) and answers THROTTLED when a request costs more than is available. The bucket
  starts empty (`--full-bucket`: full), so the figure is the sustained rate, not a burst. Reported: cost
  units consumed per second ÷ restoreRate, and consumed ÷ what the bucket could have given over the same
  time (initial points + restoreRate × elapsed) — the fraction of the limit's ceiling (goal ≥ 0.9).
- WooCommerce (REST v3): the fake enforces no request rate limit, so only requests/s, products/s and
  variants/s are reported.

The floor (the ceiling, here) is the bucket's own arithmetic in the same run; the elapsed time is the whole
`push_products` call (payloads and prices, the job rows, requests, per-item recording).

    python bench/push.py [--products 1000] [--variants 5] [--max-cost 1000] [--restore-rate 50] [--full-bucket]
                         [--skip-woo]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.packs import build_workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the stand-in shops import each other
from fakeshops import (
    Answer,
    FakeShopify,
    FakeWooCommerce,
    Recorded,
    ca_bundle,
    shopify_credentials,
    woo_credentials,
)

os.environ["REQUESTS_CA_BUNDLE"] = ca_bundle()  # the WooCommerce stand-in serves TLS from a test CA


class MeteredShopify(FakeShopify):
    """The fake Shopify, counting the cost points it charged and the THROTTLED answers it gave."""

    def __init__(self, **kwargs: Any) -> None:
        self.consumed = 0.0
        self.throttled = 0
        self.answered = 0
        self.metered = threading.Lock()
        super().__init__(**kwargs)

    def answer(self, request: Recorded) -> Answer:
        answer = super().answer(request)
        try:
            cost = json.loads(answer.body).get("extensions", {}).get("cost", {})
        except (ValueError, AttributeError):
            cost = {}
        with self.metered:
            self.answered += 1
            if cost.get("actualQueryCost") is not None:
                self.consumed += float(cost["actualQueryCost"])
            elif cost:
                self.throttled += 1
        return answer


def push_shopify(workspace: Any, codes: list[str], args: argparse.Namespace) -> dict[str, Any]:
    from app.services.shops.connections import connector_for
    from app.services.shops.http import normalise_shop_url
    from app.services.shops.jobs import push_products

    shop = MeteredShopify(maximum=args.max_cost, restore_rate=args.restore_rate)
    shop.latency = args.latency_ms / 1000
    try:
        connector = connector_for("shopify", normalise_shop_url(shop.url), shopify_credentials(),
                                  options={"send_pictures": args.pictures})
        with shop.lock:
            shop.last_refill = shop.clock()
            shop.available = shop.maximum if args.full_bucket else 0.0
            initial = shop.available
        started = time.perf_counter()
        report = push_products(workspace, connector, codes, credential_ref="env")
        elapsed = time.perf_counter() - started
        variants = sum(len(p["variants"]) for p in shop.products.values())
        return {"report": report, "elapsed": elapsed, "initial": initial, "consumed": shop.consumed,
                "throttled": shop.throttled, "requests": len(shop.requests), "mutations": len(shop.mutations()),
                "remote_products": len(shop.products), "remote_variants": variants}
    finally:
        shop.stop()


def push_woo(workspace: Any, codes: list[str], args: argparse.Namespace) -> dict[str, Any]:
    from app.services.shops.connections import connector_for
    from app.services.shops.http import normalise_shop_url
    from app.services.shops.jobs import push_products

    shop = FakeWooCommerce()
    shop.latency = args.latency_ms / 1000
    try:
        connector = connector_for("woocommerce", normalise_shop_url(shop.url), woo_credentials(),
                                  options={"send_pictures": args.pictures})
        started = time.perf_counter()
        report = push_products(workspace, connector, codes, credential_ref="env")
        elapsed = time.perf_counter() - started
        return {"report": report, "elapsed": elapsed, "requests": len(shop.requests),
                "batches": len(shop.batch_requests(None)), "remote_products": len(shop.parents()),
                "remote_variants": sum(1 for p in shop.products.values() if p["parent_id"])}
    finally:
        shop.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--variants", type=int, default=5)
    parser.add_argument("--max-cost", type=float, default=1000, help="the bucket's maximumAvailable")
    parser.add_argument("--restore-rate", type=float, default=50, help="the bucket's restoreRate (points/s)")
    parser.add_argument("--full-bucket", action="store_true", help="start with a full bucket (a burst, then the rate)")
    parser.add_argument("--skip-woo", action="store_true", help="push to the Shopify fake only")
    parser.add_argument("--pictures", action="store_true", help="upload the products' pictures too")
    parser.add_argument("--latency-ms", type=float, default=0,
                        help="a network round trip added to every request (a real shop is not on loopback)")
    args = parser.parse_args()

    from app.services.shops.payloads import all_product_codes

    folder = Path(tempfile.mkdtemp(prefix="fd-bench-push-"))
    try:
        workspace, build_seconds = build_workspace(folder / "push-bench.fdw", args.products, variants=args.variants)
        try:
            codes = all_product_codes(workspace)
            with workspace.engine.connect() as connection:
                skus = connection.exec_driver_sql("SELECT count(*) FROM sku").scalar()
            print(f"push: {len(codes):,} products, {skus:,} variants ({args.variants} each); workspace built in "
                  f"{build_seconds:.1f} s")
            shopify = push_shopify(workspace, codes, args)
            _print_shopify(shopify, args, len(codes), skus)
            if not args.skip_woo:
                woo = push_woo(workspace, codes, args)
                _print_woo(woo, len(codes), skus)
        finally:
            workspace.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _states(report: Any) -> str:
    states = {s: report.count(state=s) for s in ("confirmed", "skipped", "failed")}
    text = ", ".join(f"{n:,} {s}" for s, n in states.items())
    if report.fatal is not None:
        text += f"; stopped: {report.fatal.message.en}"
    return text


def _print_shopify(r: dict[str, Any], args: argparse.Namespace, products: int, skus: int) -> None:
    elapsed, rate = r["elapsed"], args.restore_rate
    achieved = r["consumed"] / elapsed
    ceiling = r["initial"] + rate * elapsed
    print(f"\nShopify (GraphQL productSet), bucket maximumAvailable {args.max_cost:g}, restoreRate {rate:g}/s, "
          f"starting {'full' if args.full_bucket else 'empty'}")
    print(f"  items                        {_states(r['report'])}; shop holds {r['remote_products']:,} products, "
          f"{r['remote_variants']:,} variants")
    print(f"  requests                     {r['requests']:,} ({r['mutations']:,} productSet, "
          f"{r['throttled']:,} answered THROTTLED)")
    print(f"  elapsed (push_products)      {elapsed:10.2f} s   {products / elapsed:8.2f} products/s  "
          f"{skus / elapsed:8.1f} variants/s")
    print(f"  cost consumed                {r['consumed']:10,.0f} points   {achieved:8.2f} points/s")
    print(f"  ceiling: restoreRate         {rate:10.2f} points/s  → achieved ÷ restoreRate  {achieved / rate:6.3f}")
    print(f"  ceiling over the run         {ceiling:10,.0f} points (initial {r['initial']:g} + {rate:g}/s × "
          f"{elapsed:.1f} s)  → consumed ÷ ceiling  {r['consumed'] / ceiling:6.3f}   (goal ≥ 0.9)")


def _print_woo(r: dict[str, Any], products: int, skus: int) -> None:
    elapsed = r["elapsed"]
    print("\nWooCommerce (REST v3 batches) — the fake enforces no rate limit: no ceiling to compare with")
    print(f"  items                        {_states(r['report'])}; shop holds {r['remote_products']:,} products, "
          f"{r['remote_variants']:,} variations")
    print(f"  requests                     {r['requests']:,} ({r['batches']:,} batches)")
    print(f"  elapsed (push_products)      {elapsed:10.2f} s   {r['requests'] / elapsed:8.1f} requests/s  "
          f"{products / elapsed:8.1f} products/s  {skus / elapsed:8.1f} variants/s")


if __name__ == "__main__":
    raise SystemExit(main())
