"""Texts as unit vectors of meaning: the port the evidence scorer reads through
(`port.Embedder`), the model that serves it (`onnx`), and the compact form vectors are stored in
(`packing`)."""
