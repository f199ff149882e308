#!/usr/bin/env python3
"""Exports Kandinsky 2.2's decoder (UNet + MoVQ) to the ONNX graphs SAE Explorer's renderer opens.

NOT RUN IN THIS PROJECT. The development machines have neither the weights nor torch/diffusers;
this is the recipe for the machine that has them. The graphs it writes carry exactly the tensor
names, element types and dynamic axes that src/SaeExplorer.Core/Rendering/Kandinsky/KandinskyGraphs.cs
checks on open (and that tools/kandinsky/make_test_graphs.py mirrors in the test stand-ins):

  unet/unet.onnx (+ unet.onnx.data)  sample [B,4,h,w], timestep int64 [B], image_embeds [B,1280]
                                      -> out_sample [B,8,h,w]
  movq_decoder/movq_decoder.onnx     latents [B,4,h,w] -> image [B,3,8h,8w] in [-1,1]
  movq_encoder/movq_encoder.onnx     image [B,3,H,W] in [-1,1] -> latents [B,4,H/8,W/8]

Real tensors are float32, or float16 with --fp16 (the renderer casts at the boundary); timestep
stays int64. The UNet (~1.2B parameters: ~4.9 GB fp32, ~2.5 GB fp16) is over ONNX's 2 GB protobuf
limit, so its weights go to one external data file next to the .onnx; keep the two together.

Needs: torch >= 2.1, diffusers >= 0.21, onnx >= 1.14; optionally onnxruntime for --check.
The model folder is a LOCAL copy of kandinsky-community/kandinsky-2-2-decoder (its unet/ and movq/
subfolders); nothing is downloaded.

    python export_kandinsky22.py --model /models/kandinsky-2-2-decoder --out /models/kandinsky22-onnx \
        [--fp16 --device cuda] [--opset 17] [--check]

Spatial sizes: latents must be multiples of 8 (the UNet upsamples three times); the renderer only
asks for 64..96 (512..768 px), which are.
"""
import argparse
import os
import tempfile

import onnx
import torch
from diffusers import UNet2DConditionModel, VQModel
from diffusers.models.attention_processor import AttnProcessor

BATCH_AXES = {0: "batch"}
LATENT_AXES = {0: "batch", 2: "height", 3: "width"}
IMAGE_AXES = {0: "batch", 2: "image_height", 3: "image_width"}


class UnetForOnnx(torch.nn.Module):
    """forward(sample, timestep, image_embeds): the image embedding enters as added conditioning."""

    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, sample, timestep, image_embeds):
        return self.unet(sample=sample, timestep=timestep, encoder_hidden_states=None,
                         added_cond_kwargs={"image_embeds": image_embeds}, return_dict=False)[0]


class MovqDecoderForOnnx(torch.nn.Module):
    """The pipeline's movq.decode(latents, force_not_quantize=True): no latent scaling."""

    def __init__(self, movq):
        super().__init__()
        self.movq = movq

    def forward(self, latents):
        return self.movq.decode(latents, force_not_quantize=True, return_dict=False)[0]


class MovqEncoderForOnnx(torch.nn.Module):
    """img2img's movq.encode(image)["latents"]: quant_conv(encoder(x)), not quantised."""

    def __init__(self, movq):
        super().__init__()
        self.movq = movq

    def forward(self, image):
        return self.movq.encode(image, return_dict=False)[0]


def export(module, inputs, input_names, output_names, axes, path, opset):
    """torch.onnx.export into a scratch folder, then one .onnx with all weights in one external data file."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        raw = os.path.join(scratch, "model.onnx")
        with torch.no_grad():
            torch.onnx.export(module, inputs, raw, input_names=input_names, output_names=output_names,
                              dynamic_axes=axes, opset_version=opset, do_constant_folding=True)
        model = onnx.load(raw)  # pulls in any external tensors torch wrote beside it
    onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=os.path.basename(path) + ".data", size_threshold=1024)
    onnx.checker.check_model(path)  # by path: works past 2 GB
    print(f"wrote {path}")


def check(path, module, inputs, names):
    """Runs the export with ONNX Runtime on the tracing inputs and prints the largest difference from torch."""
    import numpy as np
    import onnxruntime as ort

    session = ort.InferenceSession(path, providers=["CUDAExecutionProvider", "CPUExecutionProvider"])
    feeds = {name: value.cpu().numpy() for name, value in zip(names, inputs)}
    got = session.run(None, feeds)[0].astype(np.float32)
    with torch.no_grad():
        want = module(*inputs).float().cpu().numpy()
    print(f"{os.path.basename(path)}: max |onnx - torch| = {np.abs(got - want).max():.3g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="local kandinsky-2-2-decoder folder (with unet/ and movq/)")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--fp16", action="store_true", help="export float16 weights and real tensors (use --device cuda)")
    parser.add_argument("--device", default="cpu", help="cpu or cuda (fp16 tracing wants cuda)")
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--check", action="store_true", help="compare each export with torch through onnxruntime")
    args = parser.parse_args()

    dtype = torch.float16 if args.fp16 else torch.float32
    device = torch.device(args.device)

    unet = UNet2DConditionModel.from_pretrained(args.model, subfolder="unet", torch_dtype=dtype, local_files_only=True)
    unet.set_attn_processor(AttnProcessor())  # plain matmul attention: traces on every torch version
    unet = UnetForOnnx(unet).to(device).eval()
    unet_inputs = (
        torch.randn(2, 4, 64, 64, dtype=dtype, device=device),
        torch.tensor([961, 961], dtype=torch.int64, device=device),
        torch.randn(2, 1280, dtype=dtype, device=device),
    )
    unet_names = ["sample", "timestep", "image_embeds"]
    unet_path = os.path.join(args.out, "unet", "unet.onnx")
    export(unet, unet_inputs, unet_names, ["out_sample"],
           {"sample": LATENT_AXES, "timestep": BATCH_AXES, "image_embeds": BATCH_AXES, "out_sample": LATENT_AXES},
           unet_path, args.opset)
    if args.check:
        check(unet_path, unet, unet_inputs, unet_names)
    del unet

    movq = VQModel.from_pretrained(args.model, subfolder="movq", torch_dtype=dtype, local_files_only=True).to(device).eval()
    decoder, encoder = MovqDecoderForOnnx(movq), MovqEncoderForOnnx(movq)
    latents = (torch.randn(1, 4, 64, 64, dtype=dtype, device=device),)
    image = (torch.rand(1, 3, 512, 512, dtype=dtype, device=device) * 2 - 1,)
    decoder_path = os.path.join(args.out, "movq_decoder", "movq_decoder.onnx")
    encoder_path = os.path.join(args.out, "movq_encoder", "movq_encoder.onnx")
    export(decoder, latents, ["latents"], ["image"], {"latents": LATENT_AXES, "image": IMAGE_AXES}, decoder_path, args.opset)
    export(encoder, image, ["image"], ["latents"], {"image": IMAGE_AXES, "latents": LATENT_AXES}, encoder_path, args.opset)
    if args.check:
        check(decoder_path, decoder, latents, ["latents"])
        check(encoder_path, encoder, image, ["image"])


if __name__ == "__main__":
    main()
