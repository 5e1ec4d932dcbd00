<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ct::quant::Plan</name>
    <message>
        <source>--static-groups needs a --group-size (it fixes each group&apos;s scale before act-order)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--seqlen %1 exceeds the model&apos;s max_position_embeddings (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has %2 input features, not a multiple of --group-size %3; choose a group size that divides it or -1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 input features cannot be packed at %3 bits (needs a multiple of %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 output features cannot hold %3-bit zero points (needs a multiple of %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-bit symmetric: vLLM serves it with the fast gptq_marlin kernel in float16 or bfloat16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-bit %2: only vLLM&apos;s slower gptq kernel serves this, in float16 only (gptq_marlin needs 4 or 8 bits, symmetric)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>symmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>asymmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer shapes are not multiples of 64 (outputs) and 128 (inputs): gptq_marlin cannot take them, so vLLM falls back to its slower gptq kernel, float16 only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--desc-act with one group per row changes nothing in the checkpoint&apos;s layout; vLLM treats it as desc_act=false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vision-language model: the language model is quantized; the vision tower is copied unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this run needs about %1 of memory (one %2×%3 layer in fp32, %4 calibration tokens, the largest Hessian %5×%5) but --max-memory is %6; lower --nsamples or --seqlen, or raise --max-memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4-bit with zero points, group %1: vLLM serves it with the fast awq_marlin kernel in float16 or bfloat16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer shapes are not multiples of 64 (outputs) and 128 (inputs): awq_marlin cannot take them, so vLLM falls back to its slower awq kernel, float16 only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, which cannot load group size -1 at all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v_proj → o_proj is scaled too (multi-head attention: v_proj and o_proj have the same shape)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v_proj → o_proj scaling is skipped, as AutoAWQ does for grouped-query attention (v_proj is [%1, %2], o_proj [%2, %3]): o_proj is only clipped and quantized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no clipping search (--no-clip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM --tensor-parallel-size the shapes allow: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vision-language model: the language model is quantized; the vision tower is copied unchanged (modules_to_not_convert [&quot;visual&quot;])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this run needs about %1 of memory (one %2×%3 layer in fp32, every Linear&apos;s input for %4 calibration tokens) but --max-memory is %5; lower --nsamples or --seqlen, or raise --max-memory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::services::LocalService</name>
    <message>
        <source>starting the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The emulator host (ct host) for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model host (ct host) for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service (ct serve)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it exited without saying why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the folder is a complete image written by the Compile page, or compile the checkpoint again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the folder is a complete model or checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another port, or 0 for any free one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Jobs page has its whole log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 stopped: %2. %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::services::Source</name>
    <message>
        <source>The FPGA host address &quot;%1&quot; should look like 192.168.1.20:7100 (where its host program listens).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder to serve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 does not exist: choose another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a compiled FPGA image (it has no manifest.json): choose the folder the Compile page wrote, or compile a checkpoint first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has a manifest.json that is not a CT Studio image manifest: compile the checkpoint again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a compiled FPGA image: serve it as an image (it runs on the emulator or the board).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a model folder: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no *.safetensors weights: choose a complete model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no tokenizer.json: copy it from the original model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantized checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA image (emulator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA board host</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::services::Target</name>
    <message>
        <source>%1 — %2, served at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 (served when needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — running service at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — endpoint %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::AbChatDialog</name>
    <message>
        <source>A/B chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One prompt goes to both endpoints at once; the replies stream side by side, each with its tokens/s. Pick any running service, registered endpoint or deployment on each side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt for both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::AuditPanel</name>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search target or detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::ChartSpec</name>
    <message>
        <source>Output error per layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoder layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean output error, %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode speed per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy while scoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy, %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::ChatPanel</name>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a running service or an endpoint to chat with (the Serve page starts one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) · %1 tokens/s · first token after %2 · %3 in all</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Messages appear here. Pick a running service above; the Serve page starts one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the endpoint which models it serves</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::CompilePage</name>
    <message>
        <source>This is not a GPTQ checkpoint; quantize it first on the Quantize page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fullest channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read per token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode bound (bandwidth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s at %2 GB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPTQ checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected group size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected act-order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External compiler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as in the checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: compiler {checkpoint} {out} {board} {bits} {group_size} {desc_act}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a GPTQ checkpoint folder (the Quantize page makes one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a compiled image already: choose the checkpoint it came from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a model folder: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint: %1-bit, group %2, act-order %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an output folder for the image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compiled into %1. Serve or evaluate it with the buttons below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output folder %1 exists already: use a new folder name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compiling now: wait for it, or cancel it on the right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel %1: %2% full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill of each HBM pseudo-channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudo-channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill, %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Known checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a new folder name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve on the emulator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate it…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::DeployPage</name>
    <message>
        <source>Add a GPU host on the GPU Hosts page first; deployments run on a host reached over SSH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the GPU host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model: a folder here (pushed to the host first) or a folder on the host (HOST:PATH).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs: auto, a count, or GPUs by index, UUID or bus id separated by commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port: auto, or a port from 1 to 65535 in the host&apos;s range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; only (it names the deployment for ct eval --targets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the key in the API key field: it goes into vLLM&apos;s environment, where other users of the host cannot read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM kernel: %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1 layers, %2 attention heads, %3 KV heads, %4 GiB of weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1&apos;s scheduler…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scheduler refuses: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget %1 GiB per GPU → --gpu-memory-utilization %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate per GPU: %1 GiB weights + %2 GiB KV cache + %3 GiB overhead = %4 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed over:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the quantized model to deploy beside the origin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two deployments named after their folders, one shared key, each with half the memory budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two deployments, %1 and %2, one shared key, each with half the memory budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Served model name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More vLLM arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantized model (pair)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a folder here (pushed first), or HOST:/path on the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for “Deploy origin + quantized”: the quantized checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: the model folder&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto, a count, or GPUs by index, UUID or bus id (0,1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct&apos;s estimate for the model and context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fraction of each GPU&apos;s total (vLLM&apos;s --gpu-memory-utilization)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto takes a free port from the host&apos;s range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the GPU count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: the deployment&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: what the checkpoint says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: vLLM&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. --enable-prefix-caching --max-num-seqs 64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deploy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deploy origin + quantized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scheduler&apos;s pick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deployments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“Check the plan” asks the host&apos;s scheduler which GPUs it would pick, and why the others were passed over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: a random key, passed in vLLM&apos;s environment only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key reaches ct on its standard input and vLLM in its environment: never on a command line or in a log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API key found for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one NVLink clique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one PCIe switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one NUMA node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>across NUMA nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pair takes both ports from the host&apos;s range: set Port to auto.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A/B chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This deployment against another endpoint, one prompt to both</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::EvaluatePage</name>
    <message>
        <source>Choose at least one task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same items go to every target; the first is the baseline of the comparison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Framework</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items per task (0 = all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Few-shot (-1 = task default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat API for generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bundled samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lm_eval is not installed on this machine (pip install lm-eval). Use the built-in evaluator, or install it and check with Tools ▸ Check this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EvalPlus is not installed on this machine (pip install evalplus). Use the built-in evaluator, or install it and check with Tools ▸ Check this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EvalPlus runs humaneval and mbpp only: untick %1 or choose another framework.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code tasks run the generated programs with python3, which this machine lacks: install python3 or untick humaneval and mbpp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder %1 does not exist: choose another, or leave it empty for the bundled samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what %1 is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the OpenAI base URL of %1, e.g. http://127.0.0.1:8000/v1, or pick a known model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in evaluator scores endpoints: include at least one target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An evaluation is running: wait for it, or cancel it on the right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the services for this evaluation …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen folders are served first (ct host + ct serve on free ports), then scored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target %1 (%2) could not be served: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving %1 before scoring …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking that every endpoint answers …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the API key was refused (401)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target %1 (%2) does not answer: %3. Start it on the Serve page, or check the address and key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target %1 (%2) failed: %3. Check that its service is still running (Serve page) and answers at that address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished: the scores are under Results on the right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Headline score per task and target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score, %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline (origin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afterwards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in evaluator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lm-evaluation-harness (lm_eval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EvalPlus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score this target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop the services it started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the targets&apos; own, or none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scores of a finished evaluation appear here, and past ones under Past evaluations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On %1 the tool reaches %2 itself: pick a registered endpoint or type its URL as %1 sees it (a folder or a service on this machine cannot be reached from there).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the model name the endpoint serves (as its /v1/models lists it): it cannot be asked from this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs on %1: the tool is started there and its result files come back here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Served model name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as the endpoint&apos;s /v1/models lists it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::Format</name>
    <message>
        <source>en</source>
        <comment>the locale of this translation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::GpuGraphView</name>
    <message>
        <source>%1 GiB used outside leases · %2 GiB leased · %3 GiB free of %4 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory not reported by nvidia-smi (N/A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nvidia-smi: %1 MiB used, %2 MiB free, %3 MiB total</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Utilisation %1 · %n process(es)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leased by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NUMA node unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NUMA node %1 (from %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NVLink clique {%1}, NV%2 or more between each pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links between GPUs (NV# = NVLink with # links; PIX/PXB = one PCIe switch; PHB = one host bridge; NODE = one NUMA node; SYS = across sockets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · PCIe switch %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No NVLink between these GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NVLink cliques: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::GpusPage</name>
    <message>
        <source>this computer (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the GPUs of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the GPUs of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lists no GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n GPU(s), %2 lease(s); read at %3</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>GPU %1: %2 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with its job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live (every 5 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used outside leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leases on this host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs and budgets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine has no nvidia-smi (no NVIDIA driver): its GPUs cannot be read. Choose a GPU host above, or add one on the GPU Hosts page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::HostChoice</name>
    <message>
        <source>This machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a GPU host on the GPU Hosts page to run there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::HostDialog</name>
    <message>
        <source>GPU host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. gpu1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host name, address, or an alias from ~/.ssh/config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the ssh config (22)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the ssh config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the ssh config or ssh-agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[user@]host[:port], optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your own (~/.ssh/known_hosts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your own (~/.ssh/config)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one per line, e.g. vllm=/opt/venv/bin/vllm (default: found on the host&apos;s PATH)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jump host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work folder on the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>known_hosts file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh config file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool paths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key&apos;s passphrase, kept in the OS keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys with a passphrase are used through ssh-agent, or with Remember passphrase: the passphrase goes to the OS keychain once a connection test has worked with it, and never into a file, a setting or a command line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember a new passphrase (one is remembered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the key&apos;s passphrase to remember it, or untick Remember passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::HostsPage</name>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>configuring (not tested yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the host %1? Its jobs stay in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a GPU host reached over SSH; stages can then run there (ct eval/quantize --on, ct run, transfers, tunnels).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder on the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forwards to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jobs on this host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open tunnels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is reachable (%1), so nothing can be forgotten there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this host&apos;s key passphrase from the OS keychain; ssh-agent is used again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the passphrase in the OS keychain once the test has worked with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key passphrase (optional)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::JobDetail</name>
    <message>
        <source>No job selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log and chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This job cannot be cancelled by you:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a running job to cancel it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>working on this step for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job from the history: it is not running in this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job has ended.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::JobListModel</name>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::JobsPage</name>
    <message>
        <source>Remove job %1 and its log from the history? Its output folder stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a job in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This job has no folder of its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A running job stays in the history: cancel or stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by id, model, task…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from history…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::KeysPanel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completion tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New key for ct serve --keys-from-db</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key name (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in 1 year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke selected key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the only time the key is shown: only its hash is stored. Give it to the client now (Authorization: Bearer &lt;key&gt;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage of the selected key per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the user whose requests the key carries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1 created for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1 revoked: the service refuses it from the next request.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::LogView</name>
    <message>
        <source>%1 of %2 lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All levels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::LoginDialog</name>
    <message>
        <source>The password needs at least 10 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password may have at most 256 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must not be or contain the user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This installation has user accounts. Sign in to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the first admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account exists yet, so %1 runs single-user. Create the admin account to turn on sign-in and roles; there is no default password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a new password: at least 10 characters, not the user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password was set by an admin. Choose your own now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrong user name or password. The account is now locked for %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This account is locked after repeated failed sign-ins. Try again in %n second(s), or ask an admin to unlock it.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This account is disabled. Ask an admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user name is 1-32 lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue single-user</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::MainWindow</name>
    <message>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No job running</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) running</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running. Cancel them and quit?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single-user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out and switch user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize, compile, serve and evaluate Qwen2-family language models for GPU servers and the VCU128 FPGA board.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event schema version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command-line tool: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deploy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts are on: you are signed in as the admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running single-user. Create the first admin on the Users page whenever you want sign-in and roles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::MetricChart</name>
    <message>
        <source>%1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — the last measurement is %1% of it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::ModelsPage</name>
    <message>
        <source>A folder holding Hugging Face model folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA image (%1-bit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPTQ %1-bit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWQ %1-bit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a folder. Type or choose a folder that holds model folders, or start with the demo model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome. Choose a folder that holds Hugging Face model folders (Browse…), or start with the small demo model that comes with the program: it runs the whole pipeline on this machine in a few minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model folder (one with a config.json) was found in %1 or the two levels below it. Choose another folder, or start with the demo model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a model in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This folder is incomplete: see the problems listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a float model can be quantized; this one is quantized already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a GPTQ checkpoint can be compiled into an FPGA image: quantize the model first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA weight image for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-bit, group %2, act-order %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compiled from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board memory used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode bound (bandwidth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float model (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incomplete folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantized checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 query, %2 key/value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2-bit, %3, act-order %4, %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one group per row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group size %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>symmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>asymmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantized from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::PipelinePage</name>
    <message>
        <source>Load recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipes (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in a recipe (or fill its defaults from a model), validate it, then start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a recipe (a JSON object): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the demo recipe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo recipe could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo recipe: the embedded demo model quantized, compiled for the emulated board, served and scored. Validate, then Start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model folder first; its config.json gives the defaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1 for its defaults…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No defaults: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every field is filled from the model and the targets; each section says why. Validate, then Start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validating: the model, each stage&apos;s plan, the task data, the hosts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation did not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to run: nothing to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Ready to run, with %n warning(s) listed above.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix, listed above with the field to change; nothing was started.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling: every running stage is stopped…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The services of run %1 are stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping the services of run %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 did not start: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1: %2 — %3 of %4 stages done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume reruns it from the stage that did not finish; finished stages are kept when their inputs and outputs are unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service %1 is up: %2 (model %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a stage for its log and chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · job %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 has no report yet; it is written when the run finishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(Chart: shown below in the app; Open in browser shows the report as written.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 is still being followed; cancel it or wait for its end first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n up</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Fill defaults from the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct pipeline init: every field from the model&apos;s config.json and the targets, each section explained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check everything before anything runs: the model, each stage&apos;s plan, task data, hosts, ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rerun from the stage that failed or was cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A/B chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One prompt to two endpoints side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A/B chat with the run&apos;s endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::QuantizePage</name>
    <message>
        <source>Text or JSON lines (*.txt *.jsonl *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM kernel: %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated peak memory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Act-order (desc_act)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Static groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Damping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON text field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in text (demo model only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit, e.g. 16G</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-1 (per row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start quantizing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move %1 to the trash and quantize into it again?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be moved to the trash or removed: check its permissions, or choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model folder (the Models page&apos;s Quantize… button fills it in).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a model folder: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is quantized already: choose the float model it came from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the settings marked as errors above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The memory limit should look like 16G or 800M.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantized into %1. Take it further with the buttons below, or use a new folder name to quantize again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output folder %1 exists already: use a new folder name, or replace the old one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An interrupted run left its work in %1: resume it, or use a new folder name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizing now: wait for it, or cancel it on the right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizing now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to resume: choose the output folder of an interrupted run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to resume: no interrupted run left its work for %1 (it would be in %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model the interrupted run quantized.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT2 — smallest, least accurate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT4 — recommended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT8 — nearly lossless</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a new folder name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the old folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile for the FPGA…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate against the original…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve it…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clipping search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duo scaling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scaling ratios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After scaling, search per group for the weight range that quantizes best (AutoAWQ&apos;s default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scales from activations and weights (AutoAWQ&apos;s default); off: from activations only, as in the paper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the model folder as a path on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an output folder (a path on %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs on %1: the model, output and calibration file are paths there, checked there before anything runs (by ct, or GPTQModel where ct is not installed). The checkpoint stays on the host unless &quot;Copy back to&quot; names a folder on this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy back to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave the checkpoint on the host</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::RecipeForm</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Act-order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Damping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU deployment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipe name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder is on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variant on the board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link (emulator, or ADDR:PORT of the FPGA host PC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port (0: a free one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Served model name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models to deploy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory per GPU (GiB, 0: estimate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length (0: the model&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor parallel (0: GPU count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Framework</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models to score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items per task (0: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Few-shot (-1: each task&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next-token agreement with origin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep services running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question asked at the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU (vLLM on a GPU host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU and FPGA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in evaluator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lm-evaluation-harness (lm_eval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EvalPlus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove variant</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::ResultView</name>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one per row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Act-order (desc_act)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean output error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round-to-nearest on the same inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantized checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round-to-nearest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA weight image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fullest channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read per token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode bound (bandwidth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s at %2 GB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt libraries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite driver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH client (GPU hosts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python 3 (code tasks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NVIDIA GPU on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lm-evaluation-harness (lm_eval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EvalPlus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>history %1, logs %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n hardware thread(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Qt&apos;s SQLite driver is missing: install libqt6sql6-sqlite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OpenSSH client: install openssh-client to reach GPU hosts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No python3: code tasks (humaneval, mbpp) cannot be scored here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (fine: GPUs are used on the GPU host over SSH).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not installed: the lm-eval framework cannot run here (pip install lm-eval); the built-in evaluator can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not installed: the EvalPlus framework cannot run here (pip install evalplus); the built-in evaluator can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores, % (± standard error)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Δ vs %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next-token agreement with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-1 agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL (lower bound), nats/token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean |Δ log p|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No result yet: it appears here when the job succeeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show table</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::RoleGate</name>
    <message>
        <source>viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running a stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling or removing a job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deploying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting or stopping a service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Using a GPU host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding, changing or removing hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Managing users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Managing service keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the brand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a signed-in user with the %2 role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs the %2 role; you are signed in as %3 (%4).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::ServicePage</name>
    <message>
        <source>Listen address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the host&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compiled image folder (Compile page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model or quantized checkpoint folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the address to listen on: 127.0.0.1 for this machine, 0.0.0.0 for the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already served at %2: select it in the list, or stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a port being opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing served yet. Choose a model, checkpoint or image on the left and press Serve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a service in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the service for %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1 into ct host …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving %1 at %2 — link to the host: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not serving: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a running service to stop it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a service that has an address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a stopped or failed service can be removed from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to serve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Known folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA host address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP port (0 = any free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model or checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA image (emulator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy curl command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a running service to compare it with another endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A/B chat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::SettingsPage</name>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the endpoint a short name (e.g. gpu-vllm).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give its OpenAI base URL, e.g. http://gpu-host:8000/v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an endpoint in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Known endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http://gpu-host:8000/v1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key (kept until the app closes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::StageGraph</name>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept (unchanged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also after</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::TargetPicker</name>
    <message>
        <source>Another URL…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::Terms</name>
    <message>
        <source>quantize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>machine check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test helper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPTQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>round-to-nearest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>board bound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>debug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handshaking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CT protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>legacy protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>writing the checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder could not be loaded as a model or image: check that it is complete and of the right kind.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port could not be opened: choose another port, or 0 for any free one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint did not answer: check that its service is running and the URL is right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An endpoint failed during scoring: check that its service is running and the URL is right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The external evaluation tool failed: Tools ▸ Check this machine shows whether it is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine lacks something required: the log lists what to install.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file could not be read or written: check the folder&apos;s permissions and free space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output could not be written: check the folder&apos;s permissions and free space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An input is not what the command expects: see the message for which one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model folder is incomplete or not supported: see the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The process ended without a word (killed, or the machine restarted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The process crashed: its log shows the last thing it did.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The program could not be started: Tools ▸ Check this machine tells what is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The process printed nothing for too long and was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It took longer than allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The process ended with an error: its log shows why.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::UsersPage</name>
    <message>
        <source>viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must change password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the first admin…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a user (the password is temporary: it must be changed at first sign-in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temporary password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new temporary password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Managing users, service keys and the audit log needs the admin role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No accounts exist: this installation runs single-user, and everyone who starts it may do everything (as scripts and CI expect). Create the first admin to turn on sign-in and roles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User added. Give them the temporary password; they choose their own at first sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a user first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1? Their sessions end and their service keys are revoked; the audit log keeps their rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts are on: %1 is the admin. Everyone signs in from the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password is changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
