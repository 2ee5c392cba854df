#!/usr/bin/env python3
"""An independent reader of safetensors files, using only the Python standard library.

It checks the layout Myelin writes (and the Hugging Face format defines) without sharing any code
with the Java reader: an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the
little-endian tensor data, each tensor at [begin, end) of the data section, contiguous and covering
it exactly. It prints one JSON object to standard output:

    {"tensors": {"layers.0.weight": {"dtype": "F32", "shape": [2, 3], "values": [..]}, ...},
     "metadata": {...}}

Values are Python floats (a float32 widened to float64 exactly); json.dumps writes the shortest
text that reads back to the same float64. Errors go to standard error with exit status 1.

Usage: python3 tools/read_safetensors.py FILE
"""
import json
import struct
import sys

SIZES = {"F32": (4, "f"), "F64": (8, "d")}


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("%s: the file is %d bytes, too short for a header" % (path, len(data)))
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError("%s: the header length %d goes past the end of the file" % (path, n))
    header = json.loads(data[8:8 + n].decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("%s: the header is not a JSON object" % path)
    body = data[8 + n:]
    metadata = header.pop("__metadata__", {})
    for k, v in metadata.items():
        if not isinstance(v, str):
            raise ValueError("%s: metadata %s is not a string" % (path, k))
    tensors = {}
    expected = 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        dtype, shape, (begin, end) = e["dtype"], e["shape"], e["data_offsets"]
        if dtype not in SIZES:
            raise ValueError("%s: tensor %s has unsupported dtype %s" % (path, name, dtype))
        size, code = SIZES[dtype]
        count = 1
        for d in shape:
            count *= d
        if begin != expected or end - begin != count * size or end > len(body):
            raise ValueError("%s: tensor %s has bad data_offsets [%d, %d]" % (path, name, begin, end))
        expected = end
        values = list(struct.unpack("<%d%s" % (count, code), body[begin:end]))
        tensors[name] = {"dtype": dtype, "shape": shape, "values": values}
    if expected != len(body):
        raise ValueError("%s: the tensors cover %d of %d data bytes" % (path, expected, len(body)))
    return {"tensors": tensors, "metadata": metadata}


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: read_safetensors.py FILE\n")
        return 2
    try:
        result = read(argv[1])
    except (OSError, ValueError, KeyError, TypeError, struct.error) as e:
        sys.stderr.write("%s\n" % e)
        return 1
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
