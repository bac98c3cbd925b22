#!/usr/bin/env bash
# Detection-quality benchmark, run on purpose (not in CI): Fashion-MNIST inliers against OOD
# sets built from Debian data, one trained network per (recipe, seed), then every feature set
# × auxiliary model on the same score statistics. Prints one table: AUROC and FPR@95 (usual
# convention: share of OOD accepted when 95 % of inliers are kept) per OOD set, with the
# recipe, seed, training minutes and steps; then the spread over seeds of the default.
#
#   bash bench/quality.sh [MINUTES] [SEEDS] [RECIPES]
#     MINUTES  training budget per network (default 15)
#     SEEDS    comma-separated (default 0,1,2)
#     RECIPES  comma-separated from: default, fp32, paper, nearest-conv (default "default")
#   QUALITY_NEAR=1 adds near-OOD runs: one Fashion-MNIST class held out of training and used
#   as the OOD set (classes in QUALITY_NEAR_CLASSES, default 0,5,8), default recipe, seed 0.
#
# Runs go to runs/quality-DATE/; each holds its own metrics and the statistics matrices.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-15}
IFS=, read -r -a SEEDS <<< "${2:-0,1,2}"
IFS=, read -r -a RECIPES <<< "${3:-default}"
cmake --build build -j"$(nproc)" --target msma >/dev/null
# QUALITY_OUT names an earlier bench folder to add runs to: runs already finished there
# (metrics.json present) are kept, and the table covers them all.
OUT="${QUALITY_OUT:-runs/quality-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
# Far-OOD sets: digits, letters (OpenCV's Hershey fonts), noise; shifted inliers: flips and
# inversion of Fashion-MNIST test images (the first 3,000, so each set is scored quickly).
OOD=(--ood mnist-digits --ood letters:3000
     --ood fashion-mnist:test@head=3000@vflip --ood fashion-mnist:test@head=3000@hflip
     --ood fashion-mnist:test@head=3000@invert --ood uniform-noise:2000 --ood gaussian-noise:2000)

recipe_args() {
  case "$1" in
    default) echo "--features stats-bands" ;;  # the product's defaults, all statistics kept for the ablation
    fp32) echo "--features stats-bands --precision fp32" ;;  # the defaults trained and scored in fp32 (bf16's cost)
    paper) echo "--preset paper --features stats-bands" ;;
    nearest-conv) echo "--features stats-bands --upsample nearest-conv" ;;  # the U-Net decoder before 2026-12-03
    *) echo "unknown recipe $1" >&2; exit 2 ;;
  esac
}

for recipe in "${RECIPES[@]}"; do
  for seed in "${SEEDS[@]}"; do
    run="$OUT/$recipe-seed$seed"
    [ -f "$run/metrics.json" ] && continue
    # shellcheck disable=SC2046
    ./build/app/msma run "$run" --inlier fashion-mnist:train --inlier-test fashion-mnist:test "${OOD[@]}" \
      --minutes "$MINUTES" --seed "$seed" --bootstrap 0 --quiet $(recipe_args "$recipe") > "$run.log" 2>&1
  done
done
if [ "${QUALITY_NEAR:-0}" = 1 ]; then
  IFS=, read -r -a CLASSES <<< "${QUALITY_NEAR_CLASSES:-0,5,8}"
  for c in "${CLASSES[@]}"; do
    run="$OUT/near-class$c"
    [ -f "$run/metrics.json" ] && continue
    ./build/app/msma run "$run" --inlier "fashion-mnist:train@without=$c" \
      --inlier-test "fashion-mnist:test@without=$c" --ood "fashion-mnist:test@classes=$c" \
      --minutes "$MINUTES" --seed 0 --bootstrap 0 --quiet --features stats-bands > "$run.log" 2>&1
  done
fi

# Every feature set × aux model on each run's statistics (stage 2 only: no network work);
# "bands-equal": the default features with the ensemble's members weighed alike.
for run in "$OUT"/*/; do
  run=${run%/}
  oods=()
  for f in "$run"/scores/ood-*-stats.npy; do
    name=$(basename "$f" -stats.npy); oods+=(--ood-matrix "${name#ood-}=$f")
  done
  for features in norms lognorms stats stats-bands; do
    # The GMM grid of each: the authors' for the norms, the product's for the statistics.
    grid=2,4,6,8,10,12,14,16,18,20; [ "${features#stats}" != "$features" ] && grid=1,2,4
    mkdir -p "$run/ablation/$features"
    ./build/app/msma evaluate --fit-matrix "$run/scores/fit-stats.npy" --test-matrix "$run/scores/test-stats.npy" \
      "${oods[@]}" --features "$features" --aux ensemble,gmm,knn --bootstrap 0 --seed 0 --gmm-k "$grid" \
      --out "$run/ablation/$features" --quiet > /dev/null
  done
  # The ensemble weighing its members alike (before 2026-12-05) on the default features.
  mkdir -p "$run/ablation/bands-equal"
  ./build/app/msma evaluate --fit-matrix "$run/scores/fit-stats.npy" --test-matrix "$run/scores/test-stats.npy" \
    "${oods[@]}" --features stats-bands --aux ensemble --ensemble-weights equal --bootstrap 0 --seed 0 --gmm-k 1,2,4 \
    --out "$run/ablation/bands-equal" --quiet > /dev/null
done

python3 - "$OUT" "$MINUTES" <<'PY'
import glob, json, os, sys
out, minutes = sys.argv[1], sys.argv[2]
rows = []
for run in sorted(glob.glob(out + "/*/")):
    run = run.rstrip("/")
    steps = json.load(open(run + "/manifest.json"))["training"]["steps"]
    # The run's own evaluation (its configured feature set and aux models, as a user gets
    # them; marked *), then the stage-2 ablation on the same statistics.
    evals = [(json.load(open(run + "/metrics.json")).get("features", "?") + "*", run + "/metrics.json")]
    evals += [(os.path.basename(f), f + "/metrics.json") for f in sorted(glob.glob(run + "/ablation/*"))]
    for label, path in evals:
        m = json.load(open(path))
        for aux, a in m["aux"].items():
            rows.append((os.path.basename(run), steps, label, aux, a["health_auroc"], a["ood"]))
if not rows:
    sys.exit("no results")
print(f"Detection quality, {minutes}-minute training per network; AUROC % / FPR@95 % (usual convention)")
print("features*: the run's own evaluation (its config: GMM reg 1e-4, k in 1,2,4); others: stage-2 ablation (GMM reg 1e-6)")
short = lambda s: s.replace("fashion-mnist-test-", "")[:18]  # shifted inliers by their transform
far_sets = lambda sets: [s for s in sets if not any(t in s for t in ("vflip", "hflip", "invert", "fashion"))]
# One table per list of OOD sets: the seeds' runs share theirs, each near-OOD run has its own class.
tables = {}
for r in rows:
    tables.setdefault(tuple(r[5].keys()), []).append(r)
for sets, table in tables.items():
    far = far_sets(sets)
    head = f"{'run':22s} {'steps':>5s} {'features':12s} {'aux':8s} {'health':>6s} " + " ".join(f"{short(s):>18s}" for s in sets)
    head += f" {'far mean':>9s}" if far else ""
    print("\n" + head)
    for run, steps, feats, aux, health, ood in table:
        cells = " ".join(f"{100*ood[s]['auroc']:8.2f} / {100*ood[s]['fpr_at_95_tpr']:6.2f}" for s in sets)
        extra = f" {sum(100*ood[s]['auroc'] for s in far)/len(far):9.2f}" if far else ""
        print(f"{run:22s} {steps:5d} {feats:12s} {aux:8s} {100*health:6.2f} {cells}{extra}")
# Spread over seeds of each (recipe, features, aux): min–max AUROC per OOD set.
groups = {}
for run, steps, feats, aux, health, ood in rows:
    if "seed" not in run:
        continue
    key = (run.split("-seed")[0], feats, aux)
    for s in ood:
        groups.setdefault(key, {}).setdefault(s, []).append(100 * ood[s]["auroc"])
    far = far_sets(ood)
    if far:
        groups[key].setdefault("far mean", []).append(sum(100 * ood[s]["auroc"] for s in far) / len(far))
print("\nSpread over seeds (min–max AUROC %)")
for (recipe, feats, aux), per in groups.items():
    n = len(next(iter(per.values())))
    print(f"{recipe:9s} {feats:12s} {aux:8s} ({n} seeds) " +
          "  ".join(f"{short(s)}: {min(v):.2f}–{max(v):.2f}" for s, v in per.items()))
PY
# Where the shifted inliers are caught: per Fashion-MNIST class, the AUROC of that class's
# flipped or inverted images (the first 3,000 test images, as the sets) against the whole
# inlier test set, under each run's first aux model. Labels from the Debian package.
python3 - "$OUT" <<'PY'
import csv, glob, gzip, os, sys
labels_file = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"
if not os.path.exists(labels_file):
    sys.exit(0)
labels = gzip.open(labels_file).read()[8:]
classes = "T-shirt Trouser Pullover Dress Coat Sandal Shirt Sneaker Bag Boot".split()

def auroc(neg, pos):  # Mann-Whitney U with ties counted half
    pairs = sorted([(v, 0) for v in neg] + [(v, 1) for v in pos])
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += sum(1 for k in range(i, j) if pairs[k][1]) * (i + j + 1) / 2
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(neg) * len(pos))

print("\nShifted inliers by class (AUROC % of the class's images against all inlier test images)")
for run in sorted(glob.glob(sys.argv[1] + "/*/per_image_scores.csv")):
    with open(run) as f:
        rows = csv.reader(f)
        header = next(rows)
        scores = {}
        for r in rows:
            scores.setdefault(r[0], []).append(float(r[2]))
    shifted = [s for s in scores if s.startswith("fashion-mnist-test-") and s.endswith(("vflip", "hflip", "invert"))]
    if not shifted or "test" not in scores:
        continue
    print(f"{os.path.basename(os.path.dirname(run))} ({header[2][len('ood_score_'):]}): " + " ".join(f"{c[:8]:>8s}" for c in classes))
    for s in shifted:
        cells = []
        for c in range(10):
            pos = [v for i, v in enumerate(scores[s]) if labels[i] == c]
            cells.append(f"{100 * auroc(scores['test'], pos):8.2f}" if pos else f"{'–':>8s}")
        print(f"  {s[len('fashion-mnist-test-'):]:8s} " + " ".join(cells))
PY
echo "runs and per-run tables: $OUT"
