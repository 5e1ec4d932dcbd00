"""Test double for GPTQModel (which needs a GPU): the real entry points (GPTQModel.load, QuantizeConfig
with its field names and defaults, model.quantize, model.save) and the real per-module statistics
rows (the dict GPTQModel passes to LoopProcessor.log_new_row, with its key names and value formats),
one row per Linear module of each decoder layer in GPTQModel's subset order. It writes the config
files of a GPTQ checkpoint; no weights are quantized."""
import json, os, shutil, time
from dataclasses import dataclass, field

from .looper.loop_processor import LoopProcessor

__version__ = "4.0.0-stand-in"


@dataclass
class QuantizeConfig:
    bits: int = 4
    group_size: int = 128
    desc_act: bool = False
    sym: bool = True
    true_sequential: bool = True
    lm_head: bool = False
    damp_percent: float = 0.05
    damp_auto_increment: float = 0.01
    static_groups: bool = False
    mse: float = 0.0
    act_group_aware: bool = True

    def __post_init__(self):
        if self.bits not in (2, 3, 4, 8):
            raise ValueError("QuantizeConfig: `bits` must be in the set of `[2, 3, 4, 8]`.")
        if self.group_size != -1 and self.group_size <= 0:
            raise ValueError("QuantizeConfig: `group_size` must be one of `[-1, 16, 32, 64, 128, 256, 512, 1024]`.")
        if not (0 < self.damp_percent < 1):
            raise ValueError("QuantizeConfig: `damp_percent` must between 0 and 1.")
        if self.desc_act and self.act_group_aware:
            self.act_group_aware = False

    def to_dict(self):
        return {"bits": self.bits, "group_size": self.group_size, "desc_act": self.desc_act, "sym": self.sym, "lm_head": self.lm_head,
                "quant_method": "gptq", "checkpoint_format": "gptq", "pack_dtype": "int32",
                "meta": {"quantizer": ["gptqmodel:%s" % __version__], "damp_percent": self.damp_percent,
                         "damp_auto_increment": self.damp_auto_increment, "static_groups": self.static_groups,
                         "true_sequential": self.true_sequential, "mse": self.mse, "act_group_aware": self.act_group_aware}}


# GPTQModel's subsets for Qwen2 (LlamaQModel.module_tree): q/k/v, o, gate/up, down.
_MODULES = ["self_attn.k_proj", "self_attn.v_proj", "self_attn.q_proj", "self_attn.o_proj", "mlp.up_proj", "mlp.gate_proj", "mlp.down_proj"]


class _Model:
    def __init__(self, path, qcfg):
        self.path, self.qcfg = path, qcfg
        with open(os.path.join(path, "config.json")) as f:
            self.config = json.load(f)

    def quantize(self, calibration, batch_size=1):
        if not calibration:
            raise ValueError("Calibration dataset must not be empty.")
        processor = LoopProcessor()
        tokens = sum(len(t.split()) for t in calibration)
        for layer in range(int(self.config["num_hidden_layers"])):
            for module in _MODULES:
                start = time.time()
                time.sleep(0.005)
                loss = 0.0001 * (layer + 1) * (1 + _MODULES.index(module)) / (self.qcfg.bits ** 2)
                processor.log_new_row({"process": "gptq", "layer": layer, "module": module, "feat: in, out": "",
                                       "dtype: size": "bf16: 0.1MB", "loss": "%.10f" % loss, "samples": str(tokens),
                                       "damp": "%.5f" % self.qcfg.damp_percent, "time": "%.3f" % (time.time() - start),
                                       "fwd_time": "0.001", "(v)ram": "cuda:0=1.0GB", "dynamic": None})
        return processor.log

    def save(self, save_dir):
        os.makedirs(save_dir, exist_ok=True)
        cfg = dict(self.config)
        cfg["quantization_config"] = self.qcfg.to_dict()
        with open(os.path.join(save_dir, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        with open(os.path.join(save_dir, "quantize_config.json"), "w") as f:
            json.dump(self.qcfg.to_dict(), f, indent=2)
        for name in ("tokenizer.json", "tokenizer_config.json", "generation_config.json"):
            if os.path.exists(os.path.join(self.path, name)):
                shutil.copy(os.path.join(self.path, name), save_dir)


class GPTQModel:
    @staticmethod
    def load(model_id_or_path, quantize_config=None, **kwargs):
        if quantize_config is None:
            raise ValueError("stand-in: only quantization (load with a QuantizeConfig) is supported")
        return _Model(model_id_or_path, quantize_config)
