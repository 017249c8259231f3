"""Checks an exported ONNX encoder against an independent reference model.

    python verify_embeddings.py CHECKPOINT_DIR MODEL.onnx MANIFEST.json [--min-cosine 0.999]

Embeds a fixed set of sentences twice and compares the sentence vectors:
  1. MODEL.onnx run by ONNX Runtime, tokenized with the checkpoint's
     tokenizer.json through the tokenizers library (what the services ship);
  2. transformers' FlaxBertModel loaded from the checkpoint's model.safetensors,
     tokenized by transformers' AutoTokenizer (no torch, nothing downloaded).
Both are pooled as the manifest says (mean over the attention mask, or the
[CLS] token) and L2-normalised. Prints each cosine; exits non-zero unless all
reach --min-cosine. Also checks the manifest against the checkpoint's
sentence-transformers settings (pooling, max_seq_length, dimensions).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

# Reference side: CPU only, offline only, and quiet about Flax's deprecation.
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import numpy as np  # noqa: E402

LONG_PASSAGE = " ".join(
    [
        "Tributary keeps a search index in step with the systems it reads from:",
        "connectors page through each source, emit a change record for every document they see,",
        "and the embedder splits each document into overlapping chunks, embeds them in batches",
        "and writes the vectors next to the text so that hybrid queries can combine lexical and",
        "semantic relevance. When a connector restarts it resumes from its last checkpoint rather",
        "than from the beginning, and when a document disappears upstream its chunks are deleted",
        "in the same transaction that records the new cursor. Administrators can reindex a source",
        "from scratch, pause it, or change its schedule; every run is logged with its counts,",
        "its duration and the first error it met, if any. Long documents such as contracts,",
        "handbooks, meeting transcripts and incident post-mortems are the usual case, which is",
        "why the chunker respects headings, paragraphs and sentence boundaries before it falls",
        "back to a hard limit measured in tokens. Pathological inputs — base64 blobs, minified",
        "JavaScript, tables exported as one enormous line, or words like",
        "pneumonoultramicroscopicsilicovolcanoconiosis and antidisestablishmentarianism — are",
        "truncated by the tokenizer, so this passage is deliberately longer than the model's",
        "maximum sequence length and checks that truncation and padding agree on both sides.",
    ]
)

SENTENCES = [
    "The cat sits on the mat.",
    "A kitten is resting on a rug.",
    "Quarterly revenue grew by 12 percent.",
    "how do vaccines work?",
    "Vaccines train the immune system to recognise a pathogen without causing disease.",
    LONG_PASSAGE,
]


class VerifyError(Exception):
    pass


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError as error:
        raise VerifyError(f"missing {path}") from error


def checkpoint_settings(checkpoint: Path) -> dict:
    """Pooling, sequence limit and width as sentence-transformers would use them."""
    config = read_json(checkpoint / "config.json")
    settings = {"dimensions": config["hidden_size"], "maxTokens": None, "pooling": None}
    st_config = checkpoint / "sentence_bert_config.json"
    if st_config.exists():
        settings["maxTokens"] = read_json(st_config).get("max_seq_length")
    pooling_config = checkpoint / "1_Pooling" / "config.json"
    if pooling_config.exists():
        pooling = read_json(pooling_config)
        modes = [mode for mode in ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens")
                 if pooling.get(f"pooling_mode_{mode}")]
        settings["pooling"] = {"cls_token": "cls", "mean_tokens": "mean"}.get(modes[0]) if len(modes) == 1 else None
        if settings["pooling"] is None:
            raise VerifyError(f"{pooling_config} asks for pooling {modes}; only one of cls or mean is supported")
    return settings


def check_manifest(manifest: dict, settings: dict) -> None:
    for key, value in settings.items():
        if value is not None and manifest.get(key) != value:
            raise VerifyError(f"manifest says {key}={manifest.get(key)!r}, the checkpoint says {value!r}")


def pool(hidden: np.ndarray, mask: np.ndarray, pooling: str) -> np.ndarray:
    hidden = hidden.astype(np.float64)
    if pooling == "cls":
        vectors = hidden[:, 0]
    else:
        weights = mask[..., None].astype(np.float64)
        vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def embed_onnx(checkpoint: Path, onnx_path: Path, max_tokens: int, pooling: str):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(checkpoint / "tokenizer.json"))
    pad_token = read_json(checkpoint / "tokenizer_config.json").get("pad_token", "[PAD]")
    # tokenizer.json may carry its own padding/truncation (all-MiniLM-L6-v2's pads
    # to a fixed 128); the services pad to the longest input and truncate at
    # maxTokens, so do the same here.
    tokenizer.no_padding()
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id(pad_token), pad_token=pad_token)
    tokenizer.enable_truncation(max_tokens)
    encodings = tokenizer.encode_batch(SENTENCES)
    feeds = {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    (hidden,) = session.run(["last_hidden_state"], feeds)
    return feeds, pool(hidden, feeds["attention_mask"], pooling)


def embed_reference(checkpoint: Path, max_tokens: int, pooling: str):
    from transformers import AutoTokenizer, FlaxBertModel

    tokenizer = AutoTokenizer.from_pretrained(str(checkpoint), local_files_only=True)
    inputs = tokenizer(SENTENCES, padding=True, truncation=True, max_length=max_tokens, return_tensors="np")
    model = FlaxBertModel.from_pretrained(str(checkpoint), local_files_only=True, add_pooling_layer=False)
    hidden = model(
        input_ids=inputs["input_ids"],
        attention_mask=inputs["attention_mask"],
        token_type_ids=inputs["token_type_ids"],
    ).last_hidden_state
    return inputs, pool(np.asarray(hidden), inputs["attention_mask"], pooling)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkpoint", type=Path, help="directory with config.json, model.safetensors, tokenizer.json")
    parser.add_argument("onnx", type=Path, help="the exported encoder")
    parser.add_argument("manifest", type=Path, help="tributary-model.json for this model")
    parser.add_argument("--min-cosine", type=float, default=0.999)
    parser.add_argument("--embeddings-out", type=Path, help="write the sentences and ONNX vectors here (JSON)")
    args = parser.parse_args(argv)

    try:
        manifest = read_json(args.manifest)
        check_manifest(manifest, checkpoint_settings(args.checkpoint))
        max_tokens, pooling = manifest["maxTokens"], manifest["pooling"]
        onnx_inputs, onnx_vectors = embed_onnx(args.checkpoint, args.onnx, max_tokens, pooling)
        reference_inputs, reference_vectors = embed_reference(args.checkpoint, max_tokens, pooling)
        for name in ("input_ids", "attention_mask"):
            if onnx_inputs[name].shape != reference_inputs[name].shape or (
                onnx_inputs[name] != reference_inputs[name]
            ).any():
                raise VerifyError(f"tokenizer.json and transformers' tokenizer disagree on {name}")
    except VerifyError as error:
        print(f"verify_embeddings: {error}", file=sys.stderr)
        return 1

    if onnx_vectors.shape[1] != manifest["dimensions"]:
        print(f"verify_embeddings: vectors have {onnx_vectors.shape[1]} dimensions, "
              f"the manifest says {manifest['dimensions']}", file=sys.stderr)
        return 1

    cosines = (onnx_vectors * reference_vectors).sum(axis=1)
    lengths = onnx_inputs["attention_mask"].sum(axis=1)
    print(f"cosine(ONNX, Flax reference), {pooling} pooling, batch padded to {onnx_inputs['input_ids'].shape[1]} tokens:")
    for sentence, tokens, cosine in zip(SENTENCES, lengths, cosines):
        label = sentence if len(sentence) <= 60 else sentence[:57] + "..."
        print(f"  {cosine:.8f} (1 - cos = {1 - cosine:8.1e})  {tokens:3d} tokens  {label}")
    similar, unrelated = onnx_vectors[0] @ onnx_vectors[1], onnx_vectors[0] @ onnx_vectors[2]
    print(f"sanity: cat~kitten {similar:.3f}, cat~revenue {unrelated:.3f}")

    if args.embeddings_out:
        args.embeddings_out.write_text(
            json.dumps({"sentences": SENTENCES, "embeddings": onnx_vectors.astype(float).tolist()})
        )
    if cosines.min() < args.min_cosine:
        print(f"verify_embeddings: lowest cosine {cosines.min():.8f} is below {args.min_cosine}", file=sys.stderr)
        return 1
    print(f"verified: every cosine >= {args.min_cosine} (lowest {cosines.min():.8f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
