#!/usr/bin/env bash
# Peak memory of ./myelin on issue 15's hostile inputs (docs/SAFETY.md's table): makes the files in a
# temporary folder, runs each command under /usr/bin/time -v, prints exit code, max RSS and the answer.
#   scripts/reliability/hostile-memory.sh
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
M="$ROOT/myelin"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/myelin-hostile.XXXXXX")"
cd "$WORK" || exit 1
"$M" --version >/dev/null || exit 1
python3 - <<'PY'
import struct, zlib
body = b'{"__metadata__":{"a":[' + b'{},' * 33_000_000 + b'{}]}}'
open('bomb.safetensors', 'wb').write(struct.pack('<Q', len(body)) + body)
with open('classes.csv', 'w') as f:
    f.write('x1,x2,label\n')
    for i in range(10000):
        f.write(f'{i % 7},{i % 5},class{i}\n')
with open('wide.csv', 'w') as f:
    f.write(','.join(f'c{j}' for j in range(1_000_000)) + '\n')
ihdr = b'IHDR' + struct.pack('>IIBBBBB', 30000, 30000, 8, 2, 0, 0, 0)
open('huge.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + struct.pack('>I', 13) + ihdr + struct.pack('>I', zlib.crc32(ihdr))
                             + b'\x00\x00\x00\x00IEND\xaeB`\x82')
with open('biglabel.csv', 'w') as f:
    f.write('x1,x2,label\n1,2,a\n3,4,' + 'b' * 100_000_000 + '\n5,6,a\n')
PY
echo '{"format": "myelin.network", "version": 1, "inputs": 784, "layers": [{"type": "dense", "units": 10, "activation": "softmax"}]}' > digits.json
mkfifo fifo.csv
run() {
  local name="$1"; shift
  /usr/bin/time -v -o time.txt timeout 300 "$@" >out.txt 2>err.txt
  local code=$?
  local rss; rss=$(awk '/Maximum resident/ {print $6}' time.txt)
  printf '%-32s exit %-3s %5s MB  %s\n' "$name" "$code" "$((rss / 1024))" "$(head -c 200 err.txt | tr '\n' ' ')"
}
run "safetensors metadata bomb" "$M" summary --model bomb.safetensors
run "CSV with 10,000 classes" "$M" train --data classes.csv --epochs 1 --save o.safetensors
run "CSV with 1M columns" "$M" train --data wide.csv --epochs 1 --save o.safetensors
run "PNG 30000x30000" "$M" predict --model digits.json --input huge.png
run "PNG 30000x30000, -Xmx512m" env MYELIN_JAVA_OPTS=-Xmx512m "$M" predict --model digits.json --input huge.png
run "--data /dev/zero" "$M" train --data /dev/zero --epochs 1 --save o.safetensors
run "--data FIFO" "$M" train --data fifo.csv --epochs 1 --save o.safetensors
run "--model FIFO" "$M" summary --model fifo.csv
run "CSV label of 100 MB" "$M" train --data biglabel.csv --epochs 1 --save o.safetensors
# a 500 MB CSV for evaluate and predict (streamed 4,096 rows at a time): 5.7 M rows of 10 features and a class
python3 - <<'PY'
import random
random.seed(1)
with open('big.csv', 'w') as f:
    f.write(','.join(f'f{i}' for i in range(10)) + ',label\n')
    size, buf = 0, []
    while size < 500_000_000:
        xs = [random.gauss(0, 1) for _ in range(10)]
        s = xs[0] + xs[1]
        line = ','.join(f'{x:.5f}' for x in xs) + ',' + ('hi' if s > 0.5 else 'lo' if s < -0.5 else 'mid') + '\n'
        buf.append(line)
        size += len(line)
        if len(buf) == 100_000:
            f.write(''.join(buf))
            buf = []
    f.write(''.join(buf))
PY
head -5001 big.csv > small.csv
"$M" train --data small.csv --layers 16 --epochs 5 --quiet --save big.safetensors >/dev/null
run "evaluate on a 500 MB CSV" "$M" evaluate --model big.safetensors --data big.csv
run "predict --json on a 500 MB CSV" bash -c "'$M' predict --model big.safetensors --input big.csv --json >/dev/null"
rm -rf "$WORK"
