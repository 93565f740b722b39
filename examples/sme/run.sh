#!/bin/sh
# 从 BOM 到报告,一条命令:examples/sme/run.sh moulding|tea [PCF] [输出目录]
# One command from CSV to report. PCF defaults to build/cli/pcf, the output directory to out/.
set -e
ex=${1:?用法: run.sh moulding|tea [PCF] [输出目录]}
pcf=${2:-build/cli/pcf}
out=${3:-out}
here=$(dirname "$0")
mkdir -p "$out"
case $ex in
moulding) args="--product bracket --name PP/ABS注塑支架 --allocate units" ;;
tea) args="--product green-tea-250g --name 绿茶250克盒装 --allocate mass" ;;
*) echo "run.sh: moulding 或 tea" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
"$pcf" init "$here/$ex/bom.csv" --meters "$here/$ex/meters.csv" --region CN-FJ $args \
    --lang zh -o "$out/$ex.json" --todo "$out/$ex-待办.md"
"$pcf" calc "$out/$ex.json" --format html --lang zh > "$out/$ex.html"
"$pcf" calc "$out/$ex.json"
echo "模型: $out/$ex.json  待办: $out/$ex-待办.md  报告: $out/$ex.html"
