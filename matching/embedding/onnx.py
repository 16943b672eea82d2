"""The production embedder: a sentence-transformer exported to ONNX, run by onnxruntime, its
text cut into tokens by the `tokenizers` library, the tokens' states pooled into one vector."""

import time
from collections.abc import Sequence

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from matching.embedding.files import ModelFiles, ModelFilesError
from matching.embedding.port import Vectors, unit_rows

# Texts are run in batches of similar length, so that little of a batch is padding.
BATCH = 32


class OnnxEmbedder:
    def __init__(self, files: ModelFiles, *, threads: int = 0) -> None:
        started = time.perf_counter()
        files.verify()
        self.files = files
        self._tokenizer = Tokenizer.from_file(str(files.tokenizer))
        self._tokenizer.enable_truncation(max_length=files.max_tokens)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(files.model), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        if "input_ids" not in self._inputs:
            raise ModelFilesError(f"{files.model}: the model takes no input_ids")
        width = self._session.get_outputs()[0].shape[-1]
        if isinstance(width, int) and width != files.dimension:
            raise ModelFilesError(
                f"{files.model}: gives {width} dimensions, the manifest says {files.dimension}"
            )
        self.load_seconds = time.perf_counter() - started

    @property
    def model_id(self) -> str:
        return self.files.model_id

    @property
    def dimension(self) -> int:
        return self.files.dimension

    def encode(self, texts: Sequence[str], *, queries: bool = False) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        prefix = self.files.query_prefix if queries else self.files.passage_prefix
        readable = [k for k, text in enumerate(texts) if text.strip()]
        encodings = self._tokenizer.encode_batch([prefix + texts[k] for k in readable])
        order = sorted(range(len(readable)), key=lambda k: len(encodings[k].ids))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            out[[readable[k] for k in batch]] = self._run([encodings[k].ids for k in batch])
        return unit_rows(out)

    def _run(self, token_ids: list[list[int]]) -> Vectors:
        width = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, tokens in enumerate(token_ids):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        infer = self._session.run  # the model's, not the graph store's
        states = infer(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        if states.ndim == 2:  # the model pools itself
            pooled: Vectors = states.astype(np.float32)
        elif self.files.pooling == "cls":
            pooled = states[:, 0, :].astype(np.float32)
        else:
            weights = mask[:, :, None].astype(np.float32)
            pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled
