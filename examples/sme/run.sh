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
moulding) product=bracket args="--name PP/ABS注塑支架 --allocate units" ;;
tea) product=green-tea-250g args="--name 绿茶250克盒装 --allocate mass" ;;
*) echo "run.sh: moulding 或 tea" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
"$pcf" init "$here/$ex/bom.csv" --meters "$here/$ex/meters.csv" --region CN-FJ \
    --product "$product" $args --lang zh -o "$out/$ex.json" --todo "$out/$ex-待办.md"
# 厂区:范围一、范围二及各产品分摊(中文披露),并用本品的分摊量替换模型的生产阶段
"$pcf" site "$here/$ex/site.json" --format html --lang zh -o "$out/$ex-厂区.html"
"$pcf" site "$here/$ex/site.json" --lang zh
"$pcf" site "$here/$ex/site.json" --model "$out/$ex.json" --product "$product" -o "$out/$ex.json"
"$pcf" calc "$out/$ex.json" --format html --lang zh > "$out/$ex.html"
"$pcf" calc "$out/$ex.json"
echo "模型: $out/$ex.json  待办: $out/$ex-待办.md  报告: $out/$ex.html  厂区披露: $out/$ex-厂区.html"
