"""Training the attribution tagger (torch): fitting, export to ONNX, evaluation and the model
card. Inference (``reportedly.tagger``) never imports this package."""
