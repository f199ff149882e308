#!/usr/bin/python3
"""Builds the tiny stand-in ONNX graphs the Kandinsky renderer's tests run.

They carry the REAL export's tensor names, element types and ranks (see export_kandinsky22.py),
with dynamic batch and spatial dimensions, but compute known closed-form functions, so the C# tests
can work out every expected latent by hand:

  unet.onnx / unet_fp16.onnx   sample [B,4,h,w], timestep int64 [B], image_embeds [B,1280]
                               -> out_sample [B,8,h,w]
      channels 0..3 (eps):      0.1*sample + 1e-4*timestep + K[c]*mean(image_embeds[b]),  K = EPS_EMBED_WEIGHTS
      channels 4..7 (variance): 7 - sample   (the renderer must drop these)
      the fp16 graph takes and returns float16 and computes in float32 inside.
  movq_decoder.onnx            latents [B,4,h,w] -> image [B,3,8h,8w] = nearest 8x upsample of tanh(latents[:, :3])
  movq_encoder.onnx            image [B,3,H,W] -> latents [B,4,H/8,W/8] = 1x1 conv (ENCODER_W, ENCODER_B)
                               of the 8x8 average pool
  unet_wrong_names.onnx        the UNet with inputs x, t, cond (for the contract error)
  unet_embeds_768.onnx         the UNet with image_embeds [B,768] (the wrong embedding width)

Run with Debian's python3-onnx (apt-get install -y python3-onnx python3-numpy):
    /usr/bin/python3 tools/kandinsky/make_test_graphs.py tests/SaeExplorer.Core.Tests/Fixtures/kandinsky
The tests never run this script; they read the committed .onnx files.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
EPS_SAMPLE_WEIGHT = 0.1
EPS_TIMESTEP_WEIGHT = 1e-4
EPS_EMBED_WEIGHTS = [0.5, -0.25, 1.0, 0.125]
VARIANCE_OFFSET = 7.0
ENCODER_W = [[0.5, 0.25, 0.0], [0.0, 0.5, 0.25], [0.25, 0.0, 0.5], [0.2, 0.2, 0.2]]
ENCODER_B = [0.1, -0.1, 0.0, 0.05]


def const(name, values, dtype=np.float32):
    return numpy_helper.from_array(np.asarray(values, dtype=dtype), name)


def save(graph, folder, file):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="saex-test-graphs")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, file))


def unet(folder, file, io_type=TensorProto.FLOAT, names=("sample", "timestep", "image_embeds", "out_sample"), embed_dim=1280):
    sample, timestep, embeds, out = names
    inputs = [
        helper.make_tensor_value_info(sample, io_type, ["batch", 4, "height", "width"]),
        helper.make_tensor_value_info(timestep, TensorProto.INT64, ["batch"]),
        helper.make_tensor_value_info(embeds, io_type, ["batch", embed_dim]),
    ]
    outputs = [helper.make_tensor_value_info(out, io_type, ["batch", 8, "height", "width"])]
    nodes = []
    x, e = sample, embeds
    if io_type != TensorProto.FLOAT:
        nodes += [helper.make_node("Cast", [sample], ["x32"], to=TensorProto.FLOAT),
                  helper.make_node("Cast", [embeds], ["e32"], to=TensorProto.FLOAT)]
        x, e = "x32", "e32"
    nodes += [
        helper.make_node("Mul", [x, "w_sample"], ["eps_x"]),
        helper.make_node("Cast", [timestep], ["t32"], to=TensorProto.FLOAT),
        helper.make_node("Reshape", ["t32", "per_batch"], ["t4"]),
        helper.make_node("Mul", ["t4", "w_t"], ["eps_t"]),
        helper.make_node("ReduceMean", [e], ["e_mean"], axes=[1], keepdims=1),
        helper.make_node("Reshape", ["e_mean", "per_batch"], ["e4"]),
        helper.make_node("Mul", ["e4", "w_embed"], ["eps_e"]),
        helper.make_node("Add", ["eps_x", "eps_t"], ["eps_xt"]),
        helper.make_node("Add", ["eps_xt", "eps_e"], ["eps"]),
        helper.make_node("Sub", ["var_offset", x], ["variance"]),
        helper.make_node("Concat", ["eps", "variance"], ["out32" if io_type != TensorProto.FLOAT else out], axis=1),
    ]
    if io_type != TensorProto.FLOAT:
        nodes.append(helper.make_node("Cast", ["out32"], [out], to=io_type))
    initializers = [
        const("w_sample", EPS_SAMPLE_WEIGHT),
        const("w_t", EPS_TIMESTEP_WEIGHT),
        const("w_embed", np.reshape(EPS_EMBED_WEIGHTS, [1, 4, 1, 1])),
        const("var_offset", VARIANCE_OFFSET),
        const("per_batch", [-1, 1, 1, 1], np.int64),
    ]
    save(helper.make_graph(nodes, "unet_stand_in", inputs, outputs, initializers), folder, file)


def movq_decoder(folder):
    inputs = [helper.make_tensor_value_info("latents", TensorProto.FLOAT, ["batch", 4, "height", "width"])]
    outputs = [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, "image_height", "image_width"])]
    nodes = [
        helper.make_node("Slice", ["latents", "starts", "ends", "axes"], ["rgb"]),
        helper.make_node("Tanh", ["rgb"], ["squashed"]),
        helper.make_node("Resize", ["squashed", "", "scales"], ["image"], mode="nearest",
                         coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
    ]
    initializers = [
        const("starts", [0], np.int64), const("ends", [3], np.int64), const("axes", [1], np.int64),
        const("scales", [1, 1, 8, 8]),
    ]
    save(helper.make_graph(nodes, "movq_decoder_stand_in", inputs, outputs, initializers), folder, "movq_decoder.onnx")


def movq_encoder(folder):
    inputs = [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, "image_height", "image_width"])]
    outputs = [helper.make_tensor_value_info("latents", TensorProto.FLOAT, ["batch", 4, "height", "width"])]
    nodes = [
        helper.make_node("AveragePool", ["image"], ["pooled"], kernel_shape=[8, 8], strides=[8, 8]),
        helper.make_node("Conv", ["pooled", "w", "b"], ["latents"], kernel_shape=[1, 1]),
    ]
    initializers = [const("w", np.reshape(ENCODER_W, [4, 3, 1, 1])), const("b", ENCODER_B)]
    save(helper.make_graph(nodes, "movq_encoder_stand_in", inputs, outputs, initializers), folder, "movq_encoder.onnx")


def main(folder):
    os.makedirs(folder, exist_ok=True)
    unet(folder, "unet.onnx")
    unet(folder, "unet_fp16.onnx", io_type=TensorProto.FLOAT16)
    unet(folder, "unet_wrong_names.onnx", names=("x", "t", "cond", "y"))
    unet(folder, "unet_embeds_768.onnx", embed_dim=768)
    movq_decoder(folder)
    movq_encoder(folder)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_test_graphs.py OUTPUT_FOLDER")
    main(sys.argv[1])
