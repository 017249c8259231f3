"""Builds an ONNX encoder graph for a BERT checkpoint straight from its weights.

    python export_bert_onnx.py CHECKPOINT_DIR OUT.onnx

CHECKPOINT_DIR holds a Hugging Face BERT checkpoint (config.json and
model.safetensors), such as a sentence-transformers model. The graph has the
interface transformers.js expects of a BertModel: int64 inputs input_ids,
attention_mask and token_type_ids, shaped [batch, sequence], and one float32
output last_hidden_state, shaped [batch, sequence, hidden]. Pooling is left to
the caller.

Needs numpy, safetensors and onnx only (no torch): the graph is written op by
op, following transformers' BertModel in inference mode (post-layer-norm
encoder, exact erf GELU, absolute position embeddings). verify_embeddings.py
checks the result against an independent implementation.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

OPSET = 17  # LayerNormalization is a standard op from 17 on
IR_VERSION = 8  # readable by every ONNX Runtime release that supports opset 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
DIMS = ["batch_size", "sequence_length"]


class ExportError(Exception):
    pass


def load_checkpoint(checkpoint: Path) -> tuple[dict, dict[str, np.ndarray]]:
    try:
        config = json.loads((checkpoint / "config.json").read_text())
        weights = load_file(str(checkpoint / "model.safetensors"))
    except FileNotFoundError as error:
        raise ExportError(f"{checkpoint} is not a BERT checkpoint: {error}") from error

    if config.get("model_type") != "bert":
        raise ExportError(f"model_type is {config.get('model_type')!r}; this exporter knows only 'bert'")
    if config.get("hidden_act", "gelu") != "gelu":
        raise ExportError(f"hidden_act {config['hidden_act']!r} is not supported (only 'gelu')")
    if config.get("position_embedding_type", "absolute") != "absolute":
        raise ExportError(f"position_embedding_type {config['position_embedding_type']!r} is not supported")
    if config["hidden_size"] % config["num_attention_heads"]:
        raise ExportError("hidden_size is not a multiple of num_attention_heads")

    # BertModel checkpoints name tensors "embeddings.…"; BertFor… heads prefix "bert.".
    # Old TensorFlow-era checkpoints call LayerNorm parameters gamma and beta.
    renamed = {}
    for name, tensor in weights.items():
        name = name.removeprefix("bert.")
        name = name.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")
        renamed[name] = tensor
    return config, renamed


class GraphBuilder:
    def __init__(self, weights: dict[str, np.ndarray]):
        self.weights = weights
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.used: set[str] = set()

    def weight(self, name: str, transpose: bool = False) -> str:
        """A checkpoint tensor as a float32 initializer under its checkpoint name."""
        if name not in self.weights:
            raise ExportError(f"the checkpoint has no tensor {name}")
        array = self.weights[name].astype(np.float32)
        self.used.add(name)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array.T if transpose else array), name))
        return name

    def constant(self, name: str, value, dtype) -> str:
        self.initializers.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def op(self, op_type: str, inputs: list[str], output: str | None = None, **attributes) -> str:
        output = output or f"/{op_type}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(op_type, inputs, [output], name=output.lstrip("/"), **attributes))
        return output

    def linear(self, x: str, prefix: str) -> str:
        # torch.nn.Linear stores weight as [out, in]; MatMul wants [in, out].
        product = self.op("MatMul", [x, self.weight(f"{prefix}.weight", transpose=True)])
        return self.op("Add", [product, self.weight(f"{prefix}.bias")])

    def layer_norm(self, x: str, prefix: str, epsilon: float) -> str:
        scale, bias = self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias")
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=epsilon)


def build_model(config: dict, weights: dict[str, np.ndarray]) -> onnx.ModelProto:
    hidden, heads, layers = config["hidden_size"], config["num_attention_heads"], config["num_hidden_layers"]
    head_size = hidden // heads
    epsilon = float(config.get("layer_norm_eps", 1e-12))
    g = GraphBuilder(weights)

    # Embeddings: word + position + token type, then LayerNorm. Positions are
    # 0..sequence_length-1, so their embeddings are the first sequence_length
    # rows of the position table: a Slice, with no position_ids input.
    one_d = lambda name, value: g.constant(name, [value], np.int64)  # noqa: E731
    sequence_length = g.op("Slice", [g.op("Shape", ["input_ids"]), one_d("one_i", 1), one_d("two_i", 2)])
    positions = g.op(
        "Slice",
        [g.weight("embeddings.position_embeddings.weight"), one_d("zero_i", 0), sequence_length, one_d("axis0", 0)],
    )
    words = g.op("Gather", [g.weight("embeddings.word_embeddings.weight"), "input_ids"])
    types = g.op("Gather", [g.weight("embeddings.token_type_embeddings.weight"), "token_type_ids"])
    x = g.op("Add", [g.op("Add", [words, positions]), types])
    x = g.layer_norm(x, "embeddings.LayerNorm", epsilon)

    # Additive attention mask [batch, 1, 1, sequence]: 0 where attended, a large
    # negative where padded (transformers uses the dtype's minimum; any value
    # that underflows exp() to 0 gives the same softmax).
    mask = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    one = g.constant("one_f", 1.0, np.float32)
    mask = g.op("Mul", [g.op("Sub", [one, mask]), g.constant("mask_value", -1e4, np.float32)])
    mask = g.op("Unsqueeze", [mask, g.constant("axes_1_2", [1, 2], np.int64)])

    split_heads = g.constant("split_heads_shape", [0, 0, heads, head_size], np.int64)
    merge_heads = g.constant("merge_heads_shape", [0, 0, hidden], np.int64)
    scale = g.constant("attention_scale", 1.0 / np.sqrt(head_size), np.float32)
    half = g.constant("half_f", 0.5, np.float32)
    sqrt2 = g.constant("sqrt2_f", np.sqrt(2.0), np.float32)

    for layer in range(layers):
        p = f"encoder.layer.{layer}"

        def project(name: str, perm: list[int]) -> str:
            t = g.op("Reshape", [g.linear(x, f"{p}.attention.self.{name}"), split_heads])
            return g.op("Transpose", [t], perm=perm)

        query = project("query", [0, 2, 1, 3])  # [batch, heads, seq, head_size]
        key = project("key", [0, 2, 3, 1])  # [batch, heads, head_size, seq]
        value = project("value", [0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [query, key]), scale]), mask])
        context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), value])
        context = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), merge_heads])
        attended = g.op("Add", [g.linear(context, f"{p}.attention.output.dense"), x])
        x = g.layer_norm(attended, f"{p}.attention.output.LayerNorm", epsilon)

        inner = g.linear(x, f"{p}.intermediate.dense")
        # gelu(v) = 0.5 * v * (1 + erf(v / sqrt(2)))
        erf = g.op("Erf", [g.op("Div", [inner, sqrt2])])
        inner = g.op("Mul", [g.op("Mul", [inner, half]), g.op("Add", [erf, one])])
        out = g.op("Add", [g.linear(inner, f"{p}.output.dense"), x])
        x = g.layer_norm(out, f"{p}.output.LayerNorm", epsilon)

    g.op("Identity", [x], "last_hidden_state")

    unused = sorted(n for n in weights if n not in g.used and not n.startswith(("pooler.", "cls.")))
    unused = [n for n in unused if n != "embeddings.position_ids"]  # a buffer, not a weight
    if unused:
        raise ExportError(f"checkpoint tensors the graph does not use: {', '.join(unused[:5])}")

    graph = helper.make_graph(
        g.nodes,
        "bert_encoder",
        [helper.make_tensor_value_info(name, TensorProto.INT64, DIMS) for name in INPUTS],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, DIMS + [hidden])],
        g.initializers,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="tributary export_bert_onnx"
    )
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkpoint", type=Path, help="directory with config.json and model.safetensors")
    parser.add_argument("output", type=Path, help="where to write the .onnx file")
    args = parser.parse_args(argv)
    try:
        config, weights = load_checkpoint(args.checkpoint)
        model = build_model(config, weights)
    except ExportError as error:
        print(f"export_bert_onnx: {error}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    partial = args.output.with_name(args.output.name + ".partial")
    onnx.save(model, str(partial))
    os.replace(partial, args.output)
    print(
        f"exported {config['num_hidden_layers']}-layer BERT (hidden {config['hidden_size']}) "
        f"to {args.output} ({args.output.stat().st_size / 1e6:.1f} MB, opset {OPSET})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
