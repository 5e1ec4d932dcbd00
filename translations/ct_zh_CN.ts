<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ct::quant::Plan</name>
    <message>
        <source>--static-groups needs a --group-size (it fixes each group's scale before act-order)</source>
        <translation>--static-groups 需要分组大小（它在 act-order 之前固定每组的缩放）</translation>
    </message>
    <message>
        <source>--seqlen %1 exceeds the model's max_position_embeddings (%2)</source>
        <translation>--seqlen %1 超过了模型的 max_position_embeddings（%2）</translation>
    </message>
    <message>
        <source>%1 has %2 input features, not a multiple of --group-size %3; choose a group size that divides it or -1</source>
        <translation>%1 有 %2 个输入特征，不是分组大小 %3 的整数倍；请选择能整除它的分组大小，或 -1</translation>
    </message>
    <message>
        <source>%1: %2 input features cannot be packed at %3 bits (needs a multiple of %4)</source>
        <translation>%1：%2 个输入特征无法按 %3 位打包（需要 %4 的整数倍）</translation>
    </message>
    <message>
        <source>%1: %2 output features cannot hold %3-bit zero points (needs a multiple of %4)</source>
        <translation>%1：%2 个输出特征无法存放 %3 位零点（需要 %4 的整数倍）</translation>
    </message>
    <message>
        <source>%1-bit symmetric: vLLM serves it with the fast gptq_marlin kernel in float16 or bfloat16</source>
        <translation>%1 位对称：vLLM 用快速的 gptq_marlin 内核以 float16 或 bfloat16 运行</translation>
    </message>
    <message>
        <source>%1-bit %2: only vLLM's slower gptq kernel serves this, in float16 only (gptq_marlin needs 4 or 8 bits, symmetric)</source>
        <translation>%1 位%2：只能用 vLLM 较慢的 gptq 内核运行，且仅限 float16（gptq_marlin 需要 4 或 8 位对称）</translation>
    </message>
    <message>
        <source>symmetric</source>
        <translation>对称</translation>
    </message>
    <message>
        <source>asymmetric</source>
        <translation>非对称</translation>
    </message>
    <message>
        <source>layer shapes are not multiples of 64 (outputs) and 128 (inputs): gptq_marlin cannot take them, so vLLM falls back to its slower gptq kernel, float16 only</source>
        <translation>层形状不是 64（输出）和 128（输入）的整数倍：gptq_marlin 无法处理，vLLM 将退回较慢的 gptq 内核，仅限 float16</translation>
    </message>
    <message>
        <source>--desc-act with one group per row changes nothing in the checkpoint's layout; vLLM treats it as desc_act=false</source>
        <translation>每行一组时 --desc-act 不改变检查点布局；vLLM 按 desc_act=false 处理</translation>
    </message>
    <message>
        <source>vision-language model: the language model is quantized; the vision tower is copied unchanged</source>
        <translation>视觉语言模型：量化其语言模型，视觉部分原样复制</translation>
    </message>
    <message>
        <source>this run needs about %1 of memory (one %2×%3 layer in fp32, %4 calibration tokens, the largest Hessian %5×%5) but --max-memory is %6; lower --nsamples or --seqlen, or raise --max-memory</source>
        <translation>本次运行约需 %1 内存（一个 fp32 的 %2×%3 层、%4 个校准词元、最大 Hessian %5×%5），而内存上限为 %6；请减少样本数或每样本词元数，或提高内存上限</translation>
    </message>
    <message>
        <source>4-bit with zero points, group %1: vLLM serves it with the fast awq_marlin kernel in float16 or bfloat16</source>
        <translation>4 位带零点，分组 %1：vLLM 用快速的 awq_marlin 内核以 float16 或 bfloat16 运行</translation>
    </message>
    <message>
        <source>layer shapes are not multiples of 64 (outputs) and 128 (inputs): awq_marlin cannot take them, so vLLM falls back to its slower awq kernel, float16 only</source>
        <translation>层形状不是 64（输出）和 128（输入）的整数倍：awq_marlin 无法处理，vLLM 将退回较慢的 awq 内核，仅限 float16</translation>
    </message>
    <message>
        <source>, which cannot load group size -1 at all</source>
        <translation>，而该内核完全无法加载分组大小 -1</translation>
    </message>
    <message>
        <source>v_proj → o_proj is scaled too (multi-head attention: v_proj and o_proj have the same shape)</source>
        <translation>v_proj → o_proj 也做缩放（多头注意力：v_proj 与 o_proj 形状相同）</translation>
    </message>
    <message>
        <source>v_proj → o_proj scaling is skipped, as AutoAWQ does for grouped-query attention (v_proj is [%1, %2], o_proj [%2, %3]): o_proj is only clipped and quantized</source>
        <translation>跳过 v_proj → o_proj 缩放，与 AutoAWQ 对分组查询注意力的处理一致（v_proj 为 [%1, %2]，o_proj 为 [%2, %3]）：o_proj 只做截断搜索和量化</translation>
    </message>
    <message>
        <source>no clipping search (--no-clip)</source>
        <translation>不做截断搜索（--no-clip）</translation>
    </message>
    <message>
        <source>vLLM --tensor-parallel-size the shapes allow: %1</source>
        <translation>这些形状允许的 vLLM --tensor-parallel-size：%1</translation>
    </message>
    <message>
        <source>vision-language model: the language model is quantized; the vision tower is copied unchanged (modules_to_not_convert ["visual"])</source>
        <translation>视觉语言模型：量化其语言模型，视觉部分原样复制（modules_to_not_convert ["visual"]）</translation>
    </message>
    <message>
        <source>this run needs about %1 of memory (one %2×%3 layer in fp32, every Linear's input for %4 calibration tokens) but --max-memory is %5; lower --nsamples or --seqlen, or raise --max-memory</source>
        <translation>本次运行约需 %1 内存（一个 fp32 的 %2×%3 层、%4 个校准词元下每个线性层的输入），而内存上限为 %5；请减少样本数或每样本词元数，或提高内存上限</translation>
    </message>
</context>
<context>
    <name>ct::services::LocalService</name>
    <message>
        <source>starting the service</source>
        <translation>正在启动服务</translation>
    </message>
    <message>
        <source>loading the model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>The emulator host (ct host) for %1</source>
        <translation>%1 的仿真主机程序（ct host）</translation>
    </message>
    <message>
        <source>The model host (ct host) for %1</source>
        <translation>%1 的模型主机程序（ct host）</translation>
    </message>
    <message>
        <source>The service (ct serve)</source>
        <translation>服务（ct serve）</translation>
    </message>
    <message>
        <source>it exited without saying why</source>
        <translation>它退出时未说明原因</translation>
    </message>
    <message>
        <source>Check that the folder is a complete image written by the Compile page, or compile the checkpoint again.</source>
        <translation>请确认该文件夹是编译页面生成的完整镜像，或重新编译检查点。</translation>
    </message>
    <message>
        <source>Check that the folder is a complete model or checkpoint.</source>
        <translation>请确认该文件夹是完整的模型或检查点。</translation>
    </message>
    <message>
        <source>Choose another port, or 0 for any free one.</source>
        <translation>请换一个端口，或填 0 使用任意空闲端口。</translation>
    </message>
    <message>
        <source>The Jobs page has its whole log.</source>
        <translation>任务页面中有完整日志。</translation>
    </message>
    <message>
        <source>%1 stopped: %2. %3</source>
        <translation>%1 已停止：%2。%3</translation>
    </message>
</context>
<context>
    <name>ct::services::Source</name>
    <message>
        <source>The FPGA host address "%1" should look like 192.168.1.20:7100 (where its host program listens).</source>
        <translation>FPGA 主机地址“%1”应形如 192.168.1.20:7100（其主机程序监听的位置）。</translation>
    </message>
    <message>
        <source>Choose a folder to serve.</source>
        <translation>请选择要部署的文件夹。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist: choose another one.</source>
        <translation>文件夹 %1 不存在：请另选一个。</translation>
    </message>
    <message>
        <source>%1 is not a compiled FPGA image (it has no manifest.json): choose the folder the Compile page wrote, or compile a checkpoint first.</source>
        <translation>%1 不是已编译的 FPGA 镜像（没有 manifest.json）：请选择编译页面生成的文件夹，或先编译一个检查点。</translation>
    </message>
    <message>
        <source>%1 has a manifest.json that is not a CT Studio image manifest: compile the checkpoint again.</source>
        <translation>%1 中的 manifest.json 不是 CT Studio 镜像清单：请重新编译检查点。</translation>
    </message>
    <message>
        <source>%1 is a compiled FPGA image: serve it as an image (it runs on the emulator or the board).</source>
        <translation>%1 是已编译的 FPGA 镜像：请按镜像部署（在仿真器或板卡上运行）。</translation>
    </message>
    <message>
        <source>%1 is not a model folder: %2</source>
        <translation>%1 不是模型文件夹：%2</translation>
    </message>
    <message>
        <source>%1 has no *.safetensors weights: choose a complete model folder.</source>
        <translation>%1 中没有 *.safetensors 权重：请选择完整的模型文件夹。</translation>
    </message>
    <message>
        <source>%1 has no tokenizer.json: copy it from the original model folder.</source>
        <translation>%1 中没有 tokenizer.json：请从原模型文件夹复制过来。</translation>
    </message>
    <message>
        <source>float model</source>
        <translation>浮点模型</translation>
    </message>
    <message>
        <source>quantized checkpoint</source>
        <translation>量化检查点</translation>
    </message>
    <message>
        <source>FPGA image (emulator)</source>
        <translation>FPGA 镜像（仿真器）</translation>
    </message>
    <message>
        <source>FPGA board host</source>
        <translation>FPGA 板卡主机</translation>
    </message>
</context>
<context>
    <name>ct::services::Target</name>
    <message>
        <source>%1 — %2, served at %3</source>
        <translation>%1 — %2，部署于 %3</translation>
    </message>
    <message>
        <source>%1 — %2 (served when needed)</source>
        <translation>%1 — %2（需要时自动部署）</translation>
    </message>
    <message>
        <source>%1 — running service at %2</source>
        <translation>%1 — 运行中的服务 %2</translation>
    </message>
    <message>
        <source>%1 — endpoint %2</source>
        <translation>%1 — 端点 %2</translation>
    </message>
</context>
<context>
    <name>ct::ui::AbChatDialog</name>
    <message>
        <source>A/B chat</source>
        <translation>A/B 对话</translation>
    </message>
    <message>
        <source>One prompt goes to both endpoints at once; the replies stream side by side, each with its tokens/s. Pick any running service, registered endpoint or deployment on each side.</source>
        <translation>同一个提示同时发给两个端点；回复并排流式显示，各自带有 tokens/s。每一侧可选择任意运行中的服务、已登记的端点或部署。</translation>
    </message>
    <message>
        <source>Prompt for both</source>
        <translation>发给两侧的提示</translation>
    </message>
    <message>
        <source>Send to both</source>
        <translation>发给两侧</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>ct::ui::AuditPanel</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Search target or detail</source>
        <translation>搜索对象或详情</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>ct::ui::ChartSpec</name>
    <message>
        <source>Output error per layer</source>
        <translation>各层输出误差</translation>
    </message>
    <message>
        <source>Decoder layer</source>
        <translation>解码器层</translation>
    </message>
    <message>
        <source>Mean output error, %</source>
        <translation>平均输出误差（%）</translation>
    </message>
    <message>
        <source>Decode speed per request</source>
        <translation>每个请求的解码速度</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>每秒词元数</translation>
    </message>
    <message>
        <source>Accuracy while scoring</source>
        <translation>评分过程中的准确率</translation>
    </message>
    <message>
        <source>Items scored</source>
        <translation>已评分题数</translation>
    </message>
    <message>
        <source>Accuracy, %</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
</context>
<context>
    <name>ct::ui::ChatPanel</name>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Choose a running service or an endpoint to chat with (the Serve page starts one).</source>
        <translation>请选择一个运行中的服务或端点进行对话（部署页面可启动服务）。</translation>
    </message>
    <message>
        <source>%1 answered: %2</source>
        <translation>%1 回复：%2</translation>
    </message>
    <message>
        <source>%1 in all</source>
        <translation>共 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) · %1 tokens/s · first token after %2 · %3 in all</source>
        <translation><numerusform>%n 个词元 · %1 词元/秒 · 首词元用时 %2 · 共 %3</numerusform></translation>
    </message>
    <message>
        <source>Messages appear here. Pick a running service above; the Serve page starts one.</source>
        <translation>消息显示在这里。请在上方选择运行中的服务；部署页面可启动服务。</translation>
    </message>
    <message>
        <source>Ask the endpoint which models it serves</source>
        <translation>询问端点提供哪些模型</translation>
    </message>
</context>
<context>
    <name>ct::ui::CompilePage</name>
    <message>
        <source>This is not a GPTQ checkpoint; quantize it first on the Quantize page.</source>
        <translation>这不是 GPTQ 检查点；请先在“量化”页面量化。</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>板卡</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>镜像大小</translation>
    </message>
    <message>
        <source>Board memory</source>
        <translation>板卡内存</translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation>内存占用</translation>
    </message>
    <message>
        <source>Fullest channel</source>
        <translation>最满的通道</translation>
    </message>
    <message>
        <source>Read per token</source>
        <translation>每词元读取量</translation>
    </message>
    <message>
        <source>Decode bound (bandwidth)</source>
        <translation>解码上限（带宽）</translation>
    </message>
    <message>
        <source>%1 tokens/s at %2 GB/s</source>
        <translation>%2 GB/s 下 %1 tokens/s</translation>
    </message>
    <message>
        <source>Compile speed</source>
        <translation>编译速度</translation>
    </message>
    <message>
        <source>GPTQ checkpoint</source>
        <translation>GPTQ 检查点</translation>
    </message>
    <message>
        <source>Board profile</source>
        <translation>板卡配置</translation>
    </message>
    <message>
        <source>Expected bits</source>
        <translation>期望位宽</translation>
    </message>
    <message>
        <source>Expected group size</source>
        <translation>期望分组大小</translation>
    </message>
    <message>
        <source>Expected act-order</source>
        <translation>期望激活排序</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出目录</translation>
    </message>
    <message>
        <source>External compiler</source>
        <translation>外部编译器</translation>
    </message>
    <message>
        <source>as in the checkpoint</source>
        <translation>与检查点一致</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必须</translation>
    </message>
    <message>
        <source>optional: compiler {checkpoint} {out} {board} {bits} {group_size} {desc_act}</source>
        <translation>可选：外部编译器命令，如 compiler {checkpoint} {out} {board} {bits} {group_size} {desc_act}</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Compile</source>
        <translation>编译</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose a GPTQ checkpoint folder (the Quantize page makes one).</source>
        <translation>请选择 GPTQ 检查点文件夹（量化页面可生成）。</translation>
    </message>
    <message>
        <source>%1 is a compiled image already: choose the checkpoint it came from.</source>
        <translation>%1 已是编译好的镜像：请选择它的来源检查点。</translation>
    </message>
    <message>
        <source>%1 is not a model folder: %2</source>
        <translation>%1 不是模型文件夹：%2</translation>
    </message>
    <message>
        <source>Checkpoint: %1-bit, group %2, act-order %3.</source>
        <translation>检查点：%1 位，分组 %2，act-order %3。</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Choose an output folder for the image.</source>
        <translation>请选择镜像的输出文件夹。</translation>
    </message>
    <message>
        <source>Compiled into %1. Serve or evaluate it with the buttons below.</source>
        <translation>已编译到 %1。可用下方按钮部署或评测。</translation>
    </message>
    <message>
        <source>The output folder %1 exists already: use a new folder name.</source>
        <translation>输出文件夹 %1 已存在：请使用新的文件夹名。</translation>
    </message>
    <message>
        <source>Compiling now: wait for it, or cancel it on the right.</source>
        <translation>正在编译：请等待完成，或在右侧取消。</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>fill</source>
        <translation>占用</translation>
    </message>
    <message>
        <source>Channel %1: %2% full</source>
        <translation>通道 %1：已占用 %2%</translation>
    </message>
    <message>
        <source>Fill of each HBM pseudo-channel</source>
        <translation>各 HBM 伪通道的占用</translation>
    </message>
    <message>
        <source>Pseudo-channel</source>
        <translation>伪通道</translation>
    </message>
    <message>
        <source>Fill, %</source>
        <translation>占用（%）</translation>
    </message>
    <message>
        <source>Known checkpoints</source>
        <translation>已知检查点</translation>
    </message>
    <message>
        <source>Use a new folder name</source>
        <translation>使用新的文件夹名</translation>
    </message>
    <message>
        <source>Serve on the emulator…</source>
        <translation>在仿真器上部署…</translation>
    </message>
    <message>
        <source>Evaluate it…</source>
        <translation>评测…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>ct::ui::DeployPage</name>
    <message>
        <source>Add a GPU host on the GPU Hosts page first; deployments run on a host reached over SSH.</source>
        <translation>请先在“GPU 主机”页面添加一台 GPU 主机；部署运行在通过 SSH 访问的主机上。</translation>
    </message>
    <message>
        <source>Choose the GPU host.</source>
        <translation>请选择 GPU 主机。</translation>
    </message>
    <message>
        <source>Choose the model: a folder here (pushed to the host first) or a folder on the host (HOST:PATH).</source>
        <translation>请选择模型：本机文件夹（先推送到主机），或主机上的文件夹（HOST:PATH）。</translation>
    </message>
    <message>
        <source>GPUs: auto, a count, or GPUs by index, UUID or bus id separated by commas.</source>
        <translation>GPU：auto、数量，或用逗号分隔的 GPU 序号、UUID 或总线 ID。</translation>
    </message>
    <message>
        <source>Port: auto, or a port from 1 to 65535 in the host's range.</source>
        <translation>端口：auto，或主机端口范围内 1 到 65535 之间的端口。</translation>
    </message>
    <message>
        <source>Name: letters, digits, '.', '_' and '-' only (it names the deployment for ct eval --targets).</source>
        <translation>名称：只能包含字母、数字、“.”、“_”和“-”（ct eval --targets 用它指代该部署）。</translation>
    </message>
    <message>
        <source>Give the key in the API key field: it goes into vLLM's environment, where other users of the host cannot read it.</source>
        <translation>请在“API 密钥”一栏填写密钥：它会放入 vLLM 的环境变量，主机上的其他用户无法读取。</translation>
    </message>
    <message>
        <source>vLLM kernel: %1 — %2</source>
        <translation>vLLM 内核：%1 — %2</translation>
    </message>
    <message>
        <source>Model: %1 layers, %2 attention heads, %3 KV heads, %4 GiB of weights</source>
        <translation>模型：%1 层，%2 个注意力头，%3 个 KV 头，权重 %4 GiB</translation>
    </message>
    <message>
        <source>Asking %1's scheduler…</source>
        <translation>正在询问 %1 的调度器…</translation>
    </message>
    <message>
        <source>The scheduler refuses: %1</source>
        <translation>调度器拒绝：%1</translation>
    </message>
    <message>
        <source>Pick: %1 (%2)</source>
        <translation>选择：%1（%2）</translation>
    </message>
    <message>
        <source>Budget %1 GiB per GPU → --gpu-memory-utilization %2</source>
        <translation>每块 GPU 预算 %1 GiB → --gpu-memory-utilization %2</translation>
    </message>
    <message>
        <source>Estimate per GPU: %1 GiB weights + %2 GiB KV cache + %3 GiB overhead = %4 GiB</source>
        <translation>每块 GPU 估算：权重 %1 GiB + KV 缓存 %2 GiB + 额外开销 %3 GiB = %4 GiB</translation>
    </message>
    <message>
        <source>Passed over:</source>
        <translation>未选用：</translation>
    </message>
    <message>
        <source>Choose the quantized model to deploy beside the origin.</source>
        <translation>请选择与原始模型一起部署的量化模型。</translation>
    </message>
    <message>
        <source>Two deployments named after their folders, one shared key, each with half the memory budget</source>
        <translation>两个部署，以各自的文件夹命名，共用一个密钥，各占一半显存预算</translation>
    </message>
    <message>
        <source>Two deployments, %1 and %2, one shared key, each with half the memory budget</source>
        <translation>两个部署 %1 和 %2，共用一个密钥，各占一半显存预算</translation>
    </message>
    <message>
        <source>GPU host</source>
        <translation>GPU 主机</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Memory per GPU</source>
        <translation>每块 GPU 的显存</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Tensor parallel</source>
        <translation>张量并行</translation>
    </message>
    <message>
        <source>Served model name</source>
        <translation>服务的模型名称</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <source>More vLLM arguments</source>
        <translation>更多 vLLM 参数</translation>
    </message>
    <message>
        <source>Quantized model (pair)</source>
        <translation>量化模型（成对部署）</translation>
    </message>
    <message>
        <source>a folder here (pushed first), or HOST:/path on the host</source>
        <translation>本机文件夹（先推送），或主机上的 HOST:/路径</translation>
    </message>
    <message>
        <source>for “Deploy origin + quantized”: the quantized checkpoint</source>
        <translation>用于“部署原始 + 量化”：量化检查点</translation>
    </message>
    <message>
        <source>default: the model folder's name</source>
        <translation>默认：模型文件夹的名称</translation>
    </message>
    <message>
        <source>auto, a count, or GPUs by index, UUID or bus id (0,1)</source>
        <translation>auto、数量，或按序号、UUID 或总线 ID 指定 GPU（0,1）</translation>
    </message>
    <message>
        <source>ct's estimate for the model and context</source>
        <translation>按模型和上下文由 ct 估算</translation>
    </message>
    <message>
        <source>GiB per GPU</source>
        <translation>每块 GPU 的 GiB</translation>
    </message>
    <message>
        <source>fraction of each GPU's total (vLLM's --gpu-memory-utilization)</source>
        <translation>每块 GPU 总显存的比例（vLLM 的 --gpu-memory-utilization）</translation>
    </message>
    <message>
        <source>the model's</source>
        <translation>模型自身的</translation>
    </message>
    <message>
        <source>auto takes a free port from the host's range</source>
        <translation>auto 会从主机端口范围中取一个空闲端口</translation>
    </message>
    <message>
        <source>the GPU count</source>
        <translation>GPU 数量</translation>
    </message>
    <message>
        <source>default: the deployment's name</source>
        <translation>默认：部署名称</translation>
    </message>
    <message>
        <source>empty: what the checkpoint says</source>
        <translation>留空：按检查点的设置</translation>
    </message>
    <message>
        <source>empty: vLLM's default</source>
        <translation>留空：vLLM 的默认值</translation>
    </message>
    <message>
        <source>e.g. --enable-prefix-caching --max-num-seqs 64</source>
        <translation>例如 --enable-prefix-caching --max-num-seqs 64</translation>
    </message>
    <message>
        <source>Check the plan</source>
        <translation>检查调度方案</translation>
    </message>
    <message>
        <source>Deploy</source>
        <translation>GPU 部署</translation>
    </message>
    <message>
        <source>Deploy origin + quantized</source>
        <translation>部署原始 + 量化</translation>
    </message>
    <message>
        <source>The scheduler's pick</source>
        <translation>调度器的选择</translation>
    </message>
    <message>
        <source>Deployments</source>
        <translation>部署列表</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评测</translation>
    </message>
    <message>
        <source>“Check the plan” asks the host's scheduler which GPUs it would pick, and why the others were passed over.</source>
        <translation>“检查调度方案”会询问主机的调度器将选择哪些 GPU，以及为何未选用其他 GPU。</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>default: a random key, passed in vLLM's environment only</source>
        <translation>默认：随机密钥，只经环境变量传给 vLLM</translation>
    </message>
    <message>
        <source>The key reaches ct on its standard input and vLLM in its environment: never on a command line or in a log.</source>
        <translation>密钥经标准输入传给 ct、经环境变量传给 vLLM：不会出现在命令行或日志中。</translation>
    </message>
    <message>
        <source>No API key found for %1: %2</source>
        <translation>找不到 %1 的 API 密钥：%2</translation>
    </message>
    <message>
        <source>one GPU</source>
        <translation>单块 GPU</translation>
    </message>
    <message>
        <source>one NVLink clique</source>
        <translation>同一 NVLink 团</translation>
    </message>
    <message>
        <source>one PCIe switch</source>
        <translation>同一 PCIe 交换机</translation>
    </message>
    <message>
        <source>one NUMA node</source>
        <translation>同一 NUMA 节点</translation>
    </message>
    <message>
        <source>across NUMA nodes</source>
        <translation>跨 NUMA 节点</translation>
    </message>
    <message>
        <source>A pair takes both ports from the host's range: set Port to auto.</source>
        <translation>成对部署的两个端口都从主机端口范围中分配：请把端口设为 auto。</translation>
    </message>
    <message>
        <source>A/B chat</source>
        <translation>A/B 对话</translation>
    </message>
    <message>
        <source>This deployment against another endpoint, one prompt to both</source>
        <translation>将此部署与另一个端点比较，同一个提示发给两者</translation>
    </message>
</context>
<context>
    <name>ct::ui::EvaluatePage</name>
    <message>
        <source>Choose at least one task.</source>
        <translation>请至少选择一个任务。</translation>
    </message>
    <message>
        <source>The same items go to every target; the first is the baseline of the comparison.</source>
        <translation>每个目标使用相同的题目；第一个目标是对比的基线。</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Framework</source>
        <translation>框架</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <source>Items per task (0 = all)</source>
        <translation>每个任务的题目数（0 = 全部）</translation>
    </message>
    <message>
        <source>Few-shot (-1 = task default)</source>
        <translation>少样本数（-1 = 任务默认）</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>并发请求数</translation>
    </message>
    <message>
        <source>Chat API for generation</source>
        <translation>生成任务用对话接口</translation>
    </message>
    <message>
        <source>FPGA</source>
        <translation>FPGA</translation>
    </message>
    <message>
        <source>bundled samples</source>
        <translation>内置样例数据</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评测</translation>
    </message>
    <message>
        <source>lm_eval is not installed on this machine (pip install lm-eval). Use the built-in evaluator, or install it and check with Tools ▸ Check this machine.</source>
        <translation>本机未安装 lm_eval（pip install lm-eval）。请使用内置评测器，或安装后用 工具 ▸ 检查本机环境 确认。</translation>
    </message>
    <message>
        <source>EvalPlus is not installed on this machine (pip install evalplus). Use the built-in evaluator, or install it and check with Tools ▸ Check this machine.</source>
        <translation>本机未安装 EvalPlus（pip install evalplus）。请使用内置评测器，或安装后用 工具 ▸ 检查本机环境 确认。</translation>
    </message>
    <message>
        <source>EvalPlus runs humaneval and mbpp only: untick %1 or choose another framework.</source>
        <translation>EvalPlus 只运行 humaneval 和 mbpp：请取消勾选 %1，或选择其他框架。</translation>
    </message>
    <message>
        <source>Code tasks run the generated programs with python3, which this machine lacks: install python3 or untick humaneval and mbpp.</source>
        <translation>代码任务需要用 python3 运行生成的程序，而本机没有：请安装 python3，或取消勾选 humaneval 和 mbpp。</translation>
    </message>
    <message>
        <source>The data folder %1 does not exist: choose another, or leave it empty for the bundled samples.</source>
        <translation>数据文件夹 %1 不存在：请另选一个，或留空使用自带样本。</translation>
    </message>
    <message>
        <source>Choose what %1 is.</source>
        <translation>请选择 %1 是什么。</translation>
    </message>
    <message>
        <source>Give the OpenAI base URL of %1, e.g. http://127.0.0.1:8000/v1, or pick a known model.</source>
        <translation>请填写 %1 的 OpenAI 基础 URL，例如 http://127.0.0.1:8000/v1，或选择一个已知模型。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>The built-in evaluator scores endpoints: include at least one target.</source>
        <translation>内置评测器对端点评分：请至少勾选一个目标。</translation>
    </message>
    <message>
        <source>An evaluation is running: wait for it, or cancel it on the right.</source>
        <translation>评测正在运行：请等待完成，或在右侧取消。</translation>
    </message>
    <message>
        <source>Starting the services for this evaluation …</source>
        <translation>正在为本次评测启动服务…</translation>
    </message>
    <message>
        <source>The chosen folders are served first (ct host + ct serve on free ports), then scored.</source>
        <translation>所选文件夹会先部署（ct host + ct serve，使用空闲端口），再评分。</translation>
    </message>
    <message>
        <source>Target %1 (%2) could not be served: %3</source>
        <translation>目标 %1（%2）无法部署：%3</translation>
    </message>
    <message>
        <source>Serving %1 before scoring …</source>
        <translation>评分前正在部署 %1…</translation>
    </message>
    <message>
        <source>Checking that every endpoint answers …</source>
        <translation>正在检查每个端点是否响应…</translation>
    </message>
    <message>
        <source>the API key was refused (401)</source>
        <translation>API 密钥被拒绝（401）</translation>
    </message>
    <message>
        <source>Target %1 (%2) does not answer: %3. Start it on the Serve page, or check the address and key.</source>
        <translation>目标 %1（%2）没有响应：%3。请在部署页面启动它，或检查地址和密钥。</translation>
    </message>
    <message>
        <source>Scoring %1 …</source>
        <translation>正在评分 %1…</translation>
    </message>
    <message>
        <source>Target %1 (%2) failed: %3. Check that its service is still running (Serve page) and answers at that address.</source>
        <translation>目标 %1（%2）失败：%3。请检查其服务是否仍在运行（部署页面）并在该地址响应。</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>评测失败：%1</translation>
    </message>
    <message>
        <source>Finished: the scores are under Results on the right.</source>
        <translation>已完成：得分在右侧“结果”中。</translation>
    </message>
    <message>
        <source>Evaluation cancelled.</source>
        <translation>评测已取消。</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation><numerusform>%n 道题</numerusform></translation>
    </message>
    <message>
        <source>Headline score per task and target</source>
        <translation>各任务、各目标的主要得分</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Score, %</source>
        <translation>得分（%）</translation>
    </message>
    <message>
        <source>Baseline (origin)</source>
        <translation>基线（原始模型）</translation>
    </message>
    <message>
        <source>Quantized</source>
        <translation>量化模型</translation>
    </message>
    <message>
        <source>Afterwards</source>
        <translation>结束后</translation>
    </message>
    <message>
        <source>built-in evaluator</source>
        <translation>内置评测器</translation>
    </message>
    <message>
        <source>lm-evaluation-harness (lm_eval)</source>
        <translation>lm-evaluation-harness（lm_eval）</translation>
    </message>
    <message>
        <source>EvalPlus</source>
        <translation>EvalPlus</translation>
    </message>
    <message>
        <source>Score this target</source>
        <translation>对此目标评分</translation>
    </message>
    <message>
        <source>stop the services it started</source>
        <translation>停止评测启动的服务</translation>
    </message>
    <message>
        <source>the targets' own, or none</source>
        <translation>使用各目标自己的，或不用</translation>
    </message>
    <message>
        <source>task default</source>
        <translation>任务默认</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Past evaluations</source>
        <translation>历次评测</translation>
    </message>
    <message>
        <source>The scores of a finished evaluation appear here, and past ones under Past evaluations.</source>
        <translation>评测完成后得分显示在这里，以往的在“历次评测”中。</translation>
    </message>
    <message>
        <source>On %1 the tool reaches %2 itself: pick a registered endpoint or type its URL as %1 sees it (a folder or a service on this machine cannot be reached from there).</source>
        <translation>在 %1 上由工具自己访问%2：请选择已登记的端点，或填写从 %1 看到的 URL（本机的文件夹或服务从那里无法访问）。</translation>
    </message>
    <message>
        <source>Give the model name the endpoint serves (as its /v1/models lists it): it cannot be asked from this machine.</source>
        <translation>请填写该端点提供的模型名称（与其 /v1/models 列出的一致）：本机无法向它查询。</translation>
    </message>
    <message>
        <source>Runs on %1: the tool is started there and its result files come back here.</source>
        <translation>在 %1 上运行：工具在那里启动，结果文件会取回本机。</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <source>Served model name</source>
        <translation>服务的模型名称</translation>
    </message>
    <message>
        <source>as the endpoint's /v1/models lists it</source>
        <translation>与端点 /v1/models 列出的一致</translation>
    </message>
</context>
<context>
    <name>ct::ui::Format</name>
    <message>
        <source>en</source>
        <comment>the locale of this translation</comment>
        <translation>zh_CN</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
</context>
<context>
    <name>ct::ui::GpuGraphView</name>
    <message>
        <source>%1 GiB used outside leases · %2 GiB leased · %3 GiB free of %4 GiB</source>
        <translation>租约外已用 %1 GiB · 已租 %2 GiB · 空闲 %3 GiB（共 %4 GiB）</translation>
    </message>
    <message>
        <source>Memory not reported by nvidia-smi (N/A)</source>
        <translation>nvidia-smi 未报告显存（N/A）</translation>
    </message>
    <message>
        <source>nvidia-smi: %1 MiB used, %2 MiB free, %3 MiB total</source>
        <translation>nvidia-smi：已用 %1 MiB，空闲 %2 MiB，共 %3 MiB</translation>
    </message>
    <message numerus="yes">
        <source>Utilisation %1 · %n process(es)</source>
        <translation><numerusform>利用率 %1 · %n 个进程</numerusform></translation>
    </message>
    <message>
        <source>No lease</source>
        <translation>无租约</translation>
    </message>
    <message>
        <source>Leased by %1</source>
        <translation>租用者：%1</translation>
    </message>
    <message>
        <source>NUMA node unknown</source>
        <translation>NUMA 节点未知</translation>
    </message>
    <message>
        <source>NUMA node %1 (from %2)</source>
        <translation>NUMA 节点 %1（依据 %2）</translation>
    </message>
    <message>
        <source>NVLink clique {%1}, NV%2 or more between each pair</source>
        <translation>NVLink 团 {%1}，每对之间至少 NV%2</translation>
    </message>
    <message>
        <source>Links between GPUs (NV# = NVLink with # links; PIX/PXB = one PCIe switch; PHB = one host bridge; NODE = one NUMA node; SYS = across sockets)</source>
        <translation>GPU 之间的连接（NV# = # 条 NVLink；PIX/PXB = 同一 PCIe 交换机；PHB = 同一主桥；NODE = 同一 NUMA 节点；SYS = 跨处理器插槽）</translation>
    </message>
    <message>
        <source>%1 · PCIe switch %2</source>
        <translation>%1 · PCIe 交换机 %2</translation>
    </message>
    <message>
        <source>No NVLink between these GPUs</source>
        <translation>这些 GPU 之间没有 NVLink</translation>
    </message>
    <message>
        <source>NVLink cliques: %1</source>
        <translation>NVLink 团：%1</translation>
    </message>
</context>
<context>
    <name>ct::ui::GpusPage</name>
    <message>
        <source>this computer (local)</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Reading the GPUs of %1…</source>
        <translation>正在读取 %1 的 GPU…</translation>
    </message>
    <message>
        <source>Cannot read the GPUs of %1: %2</source>
        <translation>无法读取 %1 的 GPU：%2</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>没有应答</translation>
    </message>
    <message>
        <source>%1 lists no GPU.</source>
        <translation>%1 没有列出任何 GPU。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n GPU(s), %2 lease(s); read at %3</source>
        <translation><numerusform>%1：%n 块 GPU，%2 个租约；读取于 %3</numerusform></translation>
    </message>
    <message>
        <source>GPU %1: %2 GiB</source>
        <translation>GPU %1：%2 GiB</translation>
    </message>
    <message>
        <source>with its job</source>
        <translation>随任务结束</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Live (every 5 s)</source>
        <translation>实时（每 5 秒）</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>显存：</translation>
    </message>
    <message>
        <source>used outside leases</source>
        <translation>租约外已用</translation>
    </message>
    <message>
        <source>leased</source>
        <translation>已租</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Leases on this host</source>
        <translation>此主机上的租约</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>租约</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>持有者</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务编号</translation>
    </message>
    <message>
        <source>GPUs and budgets</source>
        <translation>GPU 与预算</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>This machine has no nvidia-smi (no NVIDIA driver): its GPUs cannot be read. Choose a GPU host above, or add one on the GPU Hosts page.</source>
        <translation>本机没有 nvidia-smi（未安装 NVIDIA 驱动），无法读取它的 GPU。请在上方选择一台 GPU 主机，或在“GPU 主机”页面添加一台。</translation>
    </message>
</context>
<context>
    <name>ct::ui::HostChoice</name>
    <message>
        <source>This machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Add a GPU host on the GPU Hosts page to run there.</source>
        <translation>请先在“GPU 主机”页面添加一台 GPU 主机，才能在其上运行。</translation>
    </message>
</context>
<context>
    <name>ct::ui::HostDialog</name>
    <message>
        <source>GPU host</source>
        <translation>GPU 主机</translation>
    </message>
    <message>
        <source>e.g. gpu1</source>
        <translation>例如 gpu1</translation>
    </message>
    <message>
        <source>host name, address, or an alias from ~/.ssh/config</source>
        <translation>主机名、地址，或 ~/.ssh/config 中的别名</translation>
    </message>
    <message>
        <source>from the ssh config (22)</source>
        <translation>取自 ssh 配置（22）</translation>
    </message>
    <message>
        <source>from the ssh config</source>
        <translation>取自 ssh 配置</translation>
    </message>
    <message>
        <source>from the ssh config or ssh-agent</source>
        <translation>取自 ssh 配置或 ssh-agent</translation>
    </message>
    <message>
        <source>[user@]host[:port], optional</source>
        <translation>[用户@]主机[:端口]，可选</translation>
    </message>
    <message>
        <source>your own (~/.ssh/known_hosts)</source>
        <translation>使用您自己的（~/.ssh/known_hosts）</translation>
    </message>
    <message>
        <source>your own (~/.ssh/config)</source>
        <translation>使用您自己的（~/.ssh/config）</translation>
    </message>
    <message>
        <source>one per line, e.g. vllm=/opt/venv/bin/vllm (default: found on the host's PATH)</source>
        <translation>每行一个，例如 vllm=/opt/venv/bin/vllm（默认：在主机的 PATH 中查找）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>SSH destination</source>
        <translation>SSH 目标</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <source>Jump host</source>
        <translation>跳板机</translation>
    </message>
    <message>
        <source>Work folder on the host</source>
        <translation>主机上的工作目录</translation>
    </message>
    <message>
        <source>known_hosts file</source>
        <translation>known_hosts 文件</translation>
    </message>
    <message>
        <source>ssh config file</source>
        <translation>ssh 配置文件</translation>
    </message>
    <message>
        <source>Tool paths</source>
        <translation>工具路径</translation>
    </message>
    <message>
        <source>Remember passphrase</source>
        <translation>记住口令</translation>
    </message>
    <message>
        <source>the key's passphrase, kept in the OS keychain</source>
        <translation>密钥的口令，保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>Keys with a passphrase are used through ssh-agent, or with Remember passphrase: the passphrase goes to the OS keychain once a connection test has worked with it, and never into a file, a setting or a command line.</source>
        <translation>带口令的密钥通过 ssh-agent 使用；或勾选“记住口令”：连接测试用它成功后，口令存入系统钥匙串，绝不写入文件、设置或命令行。</translation>
    </message>
    <message>
        <source>Remember a new passphrase (one is remembered)</source>
        <translation>记住新的口令（已记住一个）</translation>
    </message>
    <message>
        <source>Type the key's passphrase to remember it, or untick Remember passphrase.</source>
        <translation>请输入密钥的口令以便记住它，或取消勾选“记住口令”。</translation>
    </message>
</context>
<context>
    <name>ct::ui::HostsPage</name>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>configuring (not tested yet)</source>
        <translation>配置中（尚未测试）</translation>
    </message>
    <message>
        <source>Remove the host %1? Its jobs stay in the history.</source>
        <translation>删除主机 %1？其任务仍保留在历史记录中。</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Add a GPU host reached over SSH; stages can then run there (ct eval/quantize --on, ct run, transfers, tunnels).</source>
        <translation>添加一台通过 SSH 访问的 GPU 主机；之后各阶段即可在其上运行（ct eval/quantize --on、ct run、传输、隧道）。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>SSH</source>
        <translation>SSH</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Work folder</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>处理方法</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Folder on the host</source>
        <translation>主机上的目录</translation>
    </message>
    <message>
        <source>Local URL</source>
        <translation>本地 URL</translation>
    </message>
    <message>
        <source>Forwards to</source>
        <translation>转发至</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Connection test</source>
        <translation>连接测试</translation>
    </message>
    <message>
        <source>Jobs on this host</source>
        <translation>此主机上的任务</translation>
    </message>
    <message>
        <source>Open tunnels</source>
        <translation>已打开的隧道</translation>
    </message>
    <message>
        <source>No keychain is reachable (%1), so nothing can be forgotten there.</source>
        <translation>无法访问钥匙串（%1），因此无法从中删除任何内容。</translation>
    </message>
    <message>
        <source>Forget passphrase</source>
        <translation>忘记口令</translation>
    </message>
    <message>
        <source>Remove this host's key passphrase from the OS keychain; ssh-agent is used again.</source>
        <translation>从系统钥匙串中删除此主机的密钥口令；之后重新使用 SSH 代理。</translation>
    </message>
    <message>
        <source>Remember passphrase</source>
        <translation>记住口令</translation>
    </message>
    <message>
        <source>Keep the passphrase in the OS keychain once the test has worked with it.</source>
        <translation>测试用该口令成功后，将其保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>key passphrase (optional)</source>
        <translation>密钥口令（可选）</translation>
    </message>
</context>
<context>
    <name>ct::ui::JobDetail</name>
    <message>
        <source>No job selected</source>
        <translation>未选择任务</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Log and chart</source>
        <translation>日志与图表</translation>
    </message>
    <message>
        <source>This job cannot be cancelled by you:
%1</source>
        <translation>你无权取消此任务：
%1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Select a running job to cancel it.</source>
        <translation>请选择一个运行中的任务来取消。</translation>
    </message>
    <message>
        <source>running for %1</source>
        <translation>已运行 %1</translation>
    </message>
    <message>
        <source>working on this step for %1</source>
        <translation>当前步骤已进行 %1</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>A job from the history: it is not running in this window.</source>
        <translation>历史中的任务：它不在此窗口中运行。</translation>
    </message>
    <message>
        <source>The job has ended.</source>
        <translation>任务已结束。</translation>
    </message>
</context>
<context>
    <name>ct::ui::JobListModel</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Working on</source>
        <translation>处理对象</translation>
    </message>
</context>
<context>
    <name>ct::ui::JobsPage</name>
    <message>
        <source>Remove job %1 and its log from the history? Its output folder stays.</source>
        <translation>从历史中删除任务 %1 及其日志吗？其输出文件夹会保留。</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Select a job in the list.</source>
        <translation>请在列表中选择一个任务。</translation>
    </message>
    <message>
        <source>This job has no folder of its own.</source>
        <translation>此任务没有自己的文件夹。</translation>
    </message>
    <message>
        <source>%1 no longer exists.</source>
        <translation>%1 已不存在。</translation>
    </message>
    <message>
        <source>A running job stays in the history: cancel or stop it first.</source>
        <translation>运行中的任务不能从历史中删除：请先取消或停止它。</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Filter by id, model, task…</source>
        <translation>按编号、模型、任务筛选…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Remove from history…</source>
        <translation>从历史中删除…</translation>
    </message>
</context>
<context>
    <name>ct::ui::KeysPanel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示 token 数</translation>
    </message>
    <message>
        <source>Completion tokens</source>
        <translation>生成 token 数</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>New key for ct serve --keys-from-db</source>
        <translation>为 ct serve --keys-from-db 新建密钥</translation>
    </message>
    <message>
        <source>Key name (optional)</source>
        <translation>密钥名称（可选）</translation>
    </message>
    <message>
        <source>Never expires</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <source>Expires in 7 days</source>
        <translation>7 天后过期</translation>
    </message>
    <message>
        <source>Expires in 30 days</source>
        <translation>30 天后过期</translation>
    </message>
    <message>
        <source>Expires in 90 days</source>
        <translation>90 天后过期</translation>
    </message>
    <message>
        <source>Expires in 1 year</source>
        <translation>1 年后过期</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>Revoke selected key</source>
        <translation>吊销所选密钥</translation>
    </message>
    <message>
        <source>This is the only time the key is shown: only its hash is stored. Give it to the client now (Authorization: Bearer &lt;key&gt;).</source>
        <translation>密钥只显示这一次：系统只保存它的哈希值。请现在把它交给客户端（Authorization: Bearer &lt;密钥&gt;）。</translation>
    </message>
    <message>
        <source>Usage of the selected key per day</source>
        <translation>所选密钥的每日用量</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>Choose the user whose requests the key carries.</source>
        <translation>请选择该密钥所代表的用户。</translation>
    </message>
    <message>
        <source>Key %1 created for %2.</source>
        <translation>已为 %2 创建密钥 %1。</translation>
    </message>
    <message>
        <source>Select a key first.</source>
        <translation>请先选择一个密钥。</translation>
    </message>
    <message>
        <source>Key %1 revoked: the service refuses it from the next request.</source>
        <translation>密钥 %1 已吊销：服务从下一个请求起拒绝它。</translation>
    </message>
</context>
<context>
    <name>ct::ui::LogView</name>
    <message>
        <source>%1 of %2 lines</source>
        <translation>共 %2 行，显示 %1 行</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
</context>
<context>
    <name>ct::ui::LoginDialog</name>
    <message>
        <source>The password needs at least 10 characters.</source>
        <translation>密码至少需要 10 个字符。</translation>
    </message>
    <message>
        <source>The password may have at most 256 characters.</source>
        <translation>密码最多 256 个字符。</translation>
    </message>
    <message>
        <source>The password must not be or contain the user name.</source>
        <translation>密码不能是用户名，也不能包含用户名。</translation>
    </message>
    <message>
        <source>Sign in to %1</source>
        <translation>登录 %1</translation>
    </message>
    <message>
        <source>This installation has user accounts. Sign in to continue.</source>
        <translation>本安装已启用用户账户。请登录后继续。</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Create the first admin</source>
        <translation>创建首个管理员</translation>
    </message>
    <message>
        <source>No account exists yet, so %1 runs single-user. Create the admin account to turn on sign-in and roles; there is no default password.</source>
        <translation>尚无任何账户，因此 %1 以单用户模式运行。创建管理员账户即可启用登录和角色；系统没有默认密码。</translation>
    </message>
    <message>
        <source>Create admin</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Choose a new password: at least 10 characters, not the user name.</source>
        <translation>请设置新密码：至少 10 个字符，且不能是用户名。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>重复密码</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Your password was set by an admin. Choose your own now.</source>
        <translation>你的密码由管理员设置。请现在设置自己的密码。</translation>
    </message>
    <message numerus="yes">
        <source>Wrong user name or password. The account is now locked for %n second(s).</source>
        <translation><numerusform>用户名或密码错误。账户现已锁定 %n 秒。</numerusform></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message numerus="yes">
        <source>This account is locked after repeated failed sign-ins. Try again in %n second(s), or ask an admin to unlock it.</source>
        <translation><numerusform>多次登录失败，账户已锁定。请在 %n 秒后重试，或请管理员解锁。</numerusform></translation>
    </message>
    <message>
        <source>This account is disabled. Ask an admin.</source>
        <translation>此账户已停用。请联系管理员。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>A user name is 1-32 lower-case letters, digits, '.', '_' or '-', starting with a letter.</source>
        <translation>用户名为 1-32 个小写字母、数字、“.”、“_”或“-”，并以字母开头。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <source>Continue single-user</source>
        <translation>继续单用户模式</translation>
    </message>
</context>
<context>
    <name>ct::ui::MainWindow</name>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>No job running</source>
        <translation>没有正在运行的任务</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) running</source>
        <translation><numerusform>%n 个任务正在运行</numerusform></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Check this machine</source>
        <translation>检查本机环境</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>关于 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running. Cancel them and quit?</source>
        <translation><numerusform>仍有 %n 个任务在运行。取消它们并退出吗？</numerusform></translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Compile</source>
        <translation>编译</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评测</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Single-user mode</source>
        <translation>单用户模式</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>已登录：%1（%2）</translation>
    </message>
    <message>
        <source>Sign out and switch user…</source>
        <translation>退出并切换用户…</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Quantize, compile, serve and evaluate Qwen2-family language models for GPU servers and the VCU128 FPGA board.</source>
        <translation>为 GPU 服务器和 VCU128 FPGA 板卡量化、编译、部署和评测 Qwen2 系列语言模型。</translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation>Qt %1（编译时 %2）</translation>
    </message>
    <message>
        <source>Event schema version %1</source>
        <translation>事件格式版本 %1</translation>
    </message>
    <message>
        <source>Command-line tool: %1</source>
        <translation>命令行工具：%1</translation>
    </message>
    <message>
        <source>GPU Hosts</source>
        <translation>GPU 主机</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Deploy</source>
        <translation>GPU 部署</translation>
    </message>
    <message>
        <source>Accounts are on: you are signed in as the admin.</source>
        <translation>账户已启用：你已作为管理员登录。</translation>
    </message>
    <message>
        <source>Running single-user. Create the first admin on the Users page whenever you want sign-in and roles.</source>
        <translation>正在以单用户模式运行。需要登录和角色时，可随时在“用户”页面创建第一个管理员。</translation>
    </message>
    <message>
        <source>Support:</source>
        <translation>支持：</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>流水线</translation>
    </message>
</context>
<context>
    <name>ct::ui::MetricChart</name>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1：%2 %3</translation>
    </message>
    <message>
        <source> — the last measurement is %1% of it</source>
        <translation> — 最近一次测量为其 %1%</translation>
    </message>
</context>
<context>
    <name>ct::ui::ModelsPage</name>
    <message>
        <source>A folder holding Hugging Face model folders</source>
        <translation>存放 Hugging Face 模型目录的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>FPGA image (%1-bit)</source>
        <translation>FPGA 镜像（%1 位）</translation>
    </message>
    <message>
        <source>GPTQ %1-bit</source>
        <translation>GPTQ %1 位</translation>
    </message>
    <message>
        <source>AWQ %1-bit</source>
        <translation>AWQ %1 位</translation>
    </message>
    <message>
        <source>float (%1)</source>
        <translation>浮点（%1）</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>不完整</translation>
    </message>
    <message>
        <source>%1 is not a folder. Type or choose a folder that holds model folders, or start with the demo model.</source>
        <translation>%1 不是文件夹。请输入或选择存放模型文件夹的目录，或从演示模型开始。</translation>
    </message>
    <message>
        <source>Welcome. Choose a folder that holds Hugging Face model folders (Browse…), or start with the small demo model that comes with the program: it runs the whole pipeline on this machine in a few minutes.</source>
        <translation>欢迎。请选择存放 Hugging Face 模型文件夹的目录（浏览…），或从程序自带的小型演示模型开始：它能在本机几分钟内跑完整个流程。</translation>
    </message>
    <message>
        <source>No model folder (one with a config.json) was found in %1 or the two levels below it. Choose another folder, or start with the demo model.</source>
        <translation>在 %1 及其下两层中没有找到模型文件夹（含 config.json 的文件夹）。请另选文件夹，或从演示模型开始。</translation>
    </message>
    <message>
        <source>Select a model in the list.</source>
        <translation>请在列表中选择一个模型。</translation>
    </message>
    <message>
        <source>This folder is incomplete: see the problems listed.</source>
        <translation>该文件夹不完整：请查看列出的问题。</translation>
    </message>
    <message>
        <source>Only a float model can be quantized; this one is quantized already.</source>
        <translation>只有浮点模型可以量化；这个已经量化过了。</translation>
    </message>
    <message>
        <source>Only a GPTQ checkpoint can be compiled into an FPGA image: quantize the model first.</source>
        <translation>只有 GPTQ 检查点可以编译为 FPGA 镜像：请先量化模型。</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>FPGA weight image for %1</source>
        <translation>%1 的 FPGA 权重镜像</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>%1-bit, group %2, act-order %3</source>
        <translation>%1 位，分组 %2，act-order %3</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Compiled from</source>
        <translation>编译来源</translation>
    </message>
    <message>
        <source>Board memory used</source>
        <translation>板卡内存占用</translation>
    </message>
    <message>
        <source>Decode bound (bandwidth)</source>
        <translation>解码上限（带宽）</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>float model (%1)</source>
        <translation>浮点模型（%1）</translation>
    </message>
    <message>
        <source>incomplete folder</source>
        <translation>不完整的文件夹</translation>
    </message>
    <message>
        <source>quantized checkpoint</source>
        <translation>量化检查点</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>隐藏维度</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <source>%1 query, %2 key/value</source>
        <translation>%1 个查询头，%2 个键值头</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>%1 %2-bit, %3, act-order %4, %5</source>
        <translation>%1 %2 位，%3，act-order %4，%5</translation>
    </message>
    <message>
        <source>one group per row</source>
        <translation>每行一组</translation>
    </message>
    <message>
        <source>group size %1</source>
        <translation>分组大小 %1</translation>
    </message>
    <message>
        <source>symmetric</source>
        <translation>对称</translation>
    </message>
    <message>
        <source>asymmetric</source>
        <translation>非对称</translation>
    </message>
    <message>
        <source>Quantized from</source>
        <translation>量化来源</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>模型库文件夹</translation>
    </message>
    <message>
        <source>Use the demo model</source>
        <translation>使用演示模型</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量化…</translation>
    </message>
    <message>
        <source>Compile…</source>
        <translation>编译…</translation>
    </message>
    <message>
        <source>Serve…</source>
        <translation>部署…</translation>
    </message>
    <message>
        <source>Evaluate…</source>
        <translation>评测…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>ct::ui::PipelinePage</name>
    <message>
        <source>Load recipe</source>
        <translation>加载配方</translation>
    </message>
    <message>
        <source>Recipes (*.json)</source>
        <translation>配方 (*.json)</translation>
    </message>
    <message>
        <source>Save recipe</source>
        <translation>保存配方</translation>
    </message>
    <message>
        <source>Fill in a recipe (or fill its defaults from a model), validate it, then start.</source>
        <translation>填写配方（或根据模型填入默认值），校验后开始。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a recipe (a JSON object): %2</source>
        <translation>%1 不是配方（JSON 对象）：%2</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>已加载 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Writing the demo recipe…</source>
        <translation>正在写出演示配方…</translation>
    </message>
    <message>
        <source>The demo recipe could not be written: %1</source>
        <translation>无法写出演示配方：%1</translation>
    </message>
    <message>
        <source>The demo recipe: the embedded demo model quantized, compiled for the emulated board, served and scored. Validate, then Start.</source>
        <translation>演示配方：内置演示模型经过量化、为模拟板卡编译、部署为服务并评分。请先校验，再开始。</translation>
    </message>
    <message>
        <source>Choose the model folder first; its config.json gives the defaults.</source>
        <translation>请先选择模型文件夹；默认值来自它的 config.json。</translation>
    </message>
    <message>
        <source>Reading %1 for its defaults…</source>
        <translation>正在读取 %1 以获得默认值…</translation>
    </message>
    <message>
        <source>No defaults: %1</source>
        <translation>没有默认值：%1</translation>
    </message>
    <message>
        <source>Every field is filled from the model and the targets; each section says why. Validate, then Start.</source>
        <translation>所有字段都已根据模型和目标填好；每一部分都说明了原因。请先校验，再开始。</translation>
    </message>
    <message>
        <source>Validating: the model, each stage's plan, the task data, the hosts…</source>
        <translation>正在校验：模型、各阶段的计划、任务数据、主机…</translation>
    </message>
    <message>
        <source>Validation did not run: %1</source>
        <translation>校验未能运行：%1</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Ready to run: nothing to change.</source>
        <translation>可以运行：无需修改。</translation>
    </message>
    <message numerus="yes">
        <source>Ready to run, with %n warning(s) listed above.</source>
        <translation><numerusform>可以运行，上方列出了 %n 条警告。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix, listed above with the field to change; nothing was started.</source>
        <translation><numerusform>有 %n 个问题需要修正，已在上方列出并注明要改的字段；没有启动任何内容。</numerusform></translation>
    </message>
    <message>
        <source>Cancelling: every running stage is stopped…</source>
        <translation>正在取消：停止所有运行中的阶段…</translation>
    </message>
    <message>
        <source>The services of run %1 are stopped.</source>
        <translation>运行 %1 的服务已停止。</translation>
    </message>
    <message>
        <source>Stopping the services of run %1 failed: %2</source>
        <translation>停止运行 %1 的服务失败：%2</translation>
    </message>
    <message>
        <source>Run %1 starting…</source>
        <translation>运行 %1 正在启动…</translation>
    </message>
    <message>
        <source>Run %1 did not start: %2</source>
        <translation>运行 %1 未能启动：%2</translation>
    </message>
    <message>
        <source>Run %1: %2 — %3 of %4 stages done</source>
        <translation>运行 %1：%2 — 已完成 %3/%4 个阶段</translation>
    </message>
    <message>
        <source>Resume reruns it from the stage that did not finish; finished stages are kept when their inputs and outputs are unchanged.</source>
        <translation>“继续”会从未完成的阶段重新运行；输入和输出未变的已完成阶段会被保留。</translation>
    </message>
    <message>
        <source>Service %1 is up: %2 (model %3)</source>
        <translation>服务 %1 正在运行：%2（模型 %3）</translation>
    </message>
    <message>
        <source>Click a stage for its log and chart.</source>
        <translation>点击一个阶段查看其日志和图表。</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source> · job %1</source>
        <translation> · 任务 %1</translation>
    </message>
    <message>
        <source>Run %1 has no report yet; it is written when the run finishes.</source>
        <translation>运行 %1 还没有报告；报告在运行结束时写出。</translation>
    </message>
    <message>
        <source>(Chart: shown below in the app; Open in browser shows the report as written.)</source>
        <translation>（图表：在应用中显示于下方；“在浏览器中打开”按原样显示报告。）</translation>
    </message>
    <message>
        <source>Run %1 is still being followed; cancel it or wait for its end first.</source>
        <translation>仍在跟踪运行 %1；请先取消它或等待其结束。</translation>
    </message>
    <message numerus="yes">
        <source>%n up</source>
        <translation><numerusform>%n 个运行中</numerusform></translation>
    </message>
    <message>
        <source>Fill defaults from the model</source>
        <translation>根据模型填入默认值</translation>
    </message>
    <message>
        <source>ct pipeline init: every field from the model's config.json and the targets, each section explained</source>
        <translation>ct pipeline init：根据模型的 config.json 和目标填写所有字段，并解释每一部分</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>加载…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Check everything before anything runs: the model, each stage's plan, task data, hosts, ports</source>
        <translation>在运行任何内容之前检查一切：模型、各阶段的计划、任务数据、主机、端口</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Rerun from the stage that failed or was cancelled</source>
        <translation>从失败或被取消的阶段重新运行</translation>
    </message>
    <message>
        <source>A/B chat</source>
        <translation>A/B 对话</translation>
    </message>
    <message>
        <source>One prompt to two endpoints side by side</source>
        <translation>同一个提示发给并排的两个端点</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>A/B chat with the run's endpoints</source>
        <translation>与本次运行的端点进行 A/B 对话</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Stop services</source>
        <translation>停止服务</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>ct::ui::QuantizePage</name>
    <message>
        <source>Text or JSON lines (*.txt *.jsonl *.json);;All files (*)</source>
        <translation>文本或 JSON Lines (*.txt *.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>vLLM kernel: %1 — %2</source>
        <translation>vLLM 内核：%1 — %2</translation>
    </message>
    <message>
        <source>Estimated peak memory: %1</source>
        <translation>预计峰值内存：%1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <source>Symmetric</source>
        <translation>对称量化</translation>
    </message>
    <message>
        <source>Act-order (desc_act)</source>
        <translation>激活排序 (desc_act)</translation>
    </message>
    <message>
        <source>Static groups</source>
        <translation>静态分组</translation>
    </message>
    <message>
        <source>Damping</source>
        <translation>阻尼</translation>
    </message>
    <message>
        <source>Calibration file</source>
        <translation>校准文件</translation>
    </message>
    <message>
        <source>JSON text field</source>
        <translation>JSON 文本字段</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Tokens per sample</source>
        <translation>每样本词元数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Memory limit</source>
        <translation>内存上限</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出目录</translation>
    </message>
    <message>
        <source>built-in text (demo model only)</source>
        <translation>内置文本（仅限演示模型）</translation>
    </message>
    <message>
        <source>no limit, e.g. 16G</source>
        <translation>不限制，例如 16G</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>-1 (per row)</source>
        <translation>-1（按行）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Start quantizing</source>
        <translation>开始量化</translation>
    </message>
    <message>
        <source>Replace the output folder</source>
        <translation>替换输出文件夹</translation>
    </message>
    <message>
        <source>Move %1 to the trash and quantize into it again?</source>
        <translation>将 %1 移到回收站并重新量化到该位置吗？</translation>
    </message>
    <message>
        <source>%1 could not be moved to the trash or removed: check its permissions, or choose another folder.</source>
        <translation>%1 无法移到回收站或删除：请检查权限，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>Choose a model folder (the Models page's Quantize… button fills it in).</source>
        <translation>请选择模型文件夹（模型页面的“量化…”按钮会自动填入）。</translation>
    </message>
    <message>
        <source>%1 is not a model folder: %2</source>
        <translation>%1 不是模型文件夹：%2</translation>
    </message>
    <message>
        <source>%1 is quantized already: choose the float model it came from.</source>
        <translation>%1 已经量化：请选择它的来源浮点模型。</translation>
    </message>
    <message>
        <source>Change the settings marked as errors above.</source>
        <translation>请修改上方标为错误的设置。</translation>
    </message>
    <message>
        <source>The memory limit should look like 16G or 800M.</source>
        <translation>内存上限应形如 16G 或 800M。</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>Quantized into %1. Take it further with the buttons below, or use a new folder name to quantize again.</source>
        <translation>已量化到 %1。可用下方按钮继续下一步，或使用新的文件夹名再次量化。</translation>
    </message>
    <message>
        <source>The output folder %1 exists already: use a new folder name, or replace the old one.</source>
        <translation>输出文件夹 %1 已存在：请使用新的文件夹名，或替换旧文件夹。</translation>
    </message>
    <message>
        <source>An interrupted run left its work in %1: resume it, or use a new folder name.</source>
        <translation>一次中断的运行在 %1 留下了进度：请继续它，或使用新的文件夹名。</translation>
    </message>
    <message>
        <source>Quantizing now: wait for it, or cancel it on the right.</source>
        <translation>正在量化：请等待完成，或在右侧取消。</translation>
    </message>
    <message>
        <source>Quantizing now.</source>
        <translation>正在量化。</translation>
    </message>
    <message>
        <source>Nothing to resume: choose the output folder of an interrupted run.</source>
        <translation>没有可继续的运行：请选择中断运行的输出文件夹。</translation>
    </message>
    <message>
        <source>Nothing to resume: no interrupted run left its work for %1 (it would be in %2).</source>
        <translation>没有可继续的运行：没有中断的运行为 %1 留下进度（进度应在 %2）。</translation>
    </message>
    <message>
        <source>Choose the model the interrupted run quantized.</source>
        <translation>请选择中断的运行所量化的模型。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>INT2 — smallest, least accurate</source>
        <translation>INT2 — 最小，精度最低</translation>
    </message>
    <message>
        <source>INT3</source>
        <translation>INT3</translation>
    </message>
    <message>
        <source>INT4 — recommended</source>
        <translation>INT4 — 推荐</translation>
    </message>
    <message>
        <source>INT8 — nearly lossless</source>
        <translation>INT8 — 几乎无损</translation>
    </message>
    <message>
        <source>Advanced options</source>
        <translation>高级选项</translation>
    </message>
    <message>
        <source>Use a new folder name</source>
        <translation>使用新的文件夹名</translation>
    </message>
    <message>
        <source>Replace the old folder…</source>
        <translation>替换旧文件夹…</translation>
    </message>
    <message>
        <source>Compile for the FPGA…</source>
        <translation>编译为 FPGA 镜像…</translation>
    </message>
    <message>
        <source>Evaluate against the original…</source>
        <translation>与原始模型对比评测…</translation>
    </message>
    <message>
        <source>Serve it…</source>
        <translation>部署…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Clipping search</source>
        <translation>截断搜索</translation>
    </message>
    <message>
        <source>Duo scaling</source>
        <translation>双重缩放</translation>
    </message>
    <message>
        <source>Scaling ratios</source>
        <translation>缩放比例数</translation>
    </message>
    <message>
        <source>After scaling, search per group for the weight range that quantizes best (AutoAWQ's default)</source>
        <translation>缩放之后，逐组搜索量化效果最好的权重范围（AutoAWQ 的默认设置）</translation>
    </message>
    <message>
        <source>Scales from activations and weights (AutoAWQ's default); off: from activations only, as in the paper</source>
        <translation>缩放因子同时取自激活与权重（AutoAWQ 的默认设置）；关闭时仅取自激活，与论文一致</translation>
    </message>
    <message>
        <source>Type the model folder as a path on %1.</source>
        <translation>请填写模型文件夹在 %1 上的路径。</translation>
    </message>
    <message>
        <source>Choose an output folder (a path on %1).</source>
        <translation>请选择输出文件夹（%1 上的路径）。</translation>
    </message>
    <message>
        <source>Runs on %1: the model, output and calibration file are paths there, checked there before anything runs (by ct, or GPTQModel where ct is not installed). The checkpoint stays on the host unless "Copy back to" names a folder on this machine.</source>
        <translation>在 %1 上运行：模型、输出和校准文件都是那台主机上的路径，开始前在那里检查（由 ct 检查；未安装 ct 时由 GPTQModel 检查）。除非“复制回本机”填写了本机文件夹，检查点会留在主机上。</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <source>Copy back to</source>
        <translation>复制回本机</translation>
    </message>
    <message>
        <source>leave the checkpoint on the host</source>
        <translation>检查点留在主机上</translation>
    </message>
</context>
<context>
    <name>ct::ui::RecipeForm</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <source>Act-order</source>
        <translation>激活顺序</translation>
    </message>
    <message>
        <source>Symmetric</source>
        <translation>对称量化</translation>
    </message>
    <message>
        <source>Damping</source>
        <translation>阻尼</translation>
    </message>
    <message>
        <source>Calibration file</source>
        <translation>校准文件</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>FPGA image</source>
        <translation>FPGA 镜像</translation>
    </message>
    <message>
        <source>FPGA service</source>
        <translation>FPGA 服务</translation>
    </message>
    <message>
        <source>GPU deployment</source>
        <translation>GPU 部署</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评测</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Recipe name</source>
        <translation>配方名称</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>Folder is on</source>
        <translation>文件夹所在</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Quantize on</source>
        <translation>量化所在</translation>
    </message>
    <message>
        <source>Variant on the board</source>
        <translation>板卡上的变体</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>板卡</translation>
    </message>
    <message>
        <source>Link (emulator, or ADDR:PORT of the FPGA host PC)</source>
        <translation>链接（模拟器，或 FPGA 主机 PC 的 地址:端口）</translation>
    </message>
    <message>
        <source>Port (0: a free one)</source>
        <translation>端口（0：任一空闲端口）</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>Served model name</source>
        <translation>服务的模型名称</translation>
    </message>
    <message>
        <source>Default max tokens</source>
        <translation>默认最大词元数</translation>
    </message>
    <message>
        <source>Default temperature</source>
        <translation>默认温度</translation>
    </message>
    <message>
        <source>GPU host</source>
        <translation>GPU 主机</translation>
    </message>
    <message>
        <source>Models to deploy</source>
        <translation>要部署的模型</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Memory per GPU (GiB, 0: estimate)</source>
        <translation>每块 GPU 的显存（GiB，0：估算）</translation>
    </message>
    <message>
        <source>Context length (0: the model's)</source>
        <translation>上下文长度（0：模型自身的）</translation>
    </message>
    <message>
        <source>Tensor parallel (0: GPU count)</source>
        <translation>张量并行（0：GPU 数量）</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Framework</source>
        <translation>框架</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Models to score</source>
        <translation>要评分的模型</translation>
    </message>
    <message>
        <source>Items per task (0: all)</source>
        <translation>每个任务的题目数（0：全部）</translation>
    </message>
    <message>
        <source>Few-shot (-1: each task's)</source>
        <translation>少样本数（-1：各任务自身的）</translation>
    </message>
    <message>
        <source>Next-token agreement with origin</source>
        <translation>与原始模型的下一词元一致度</translation>
    </message>
    <message>
        <source>Keep services running</source>
        <translation>保持服务运行</translation>
    </message>
    <message>
        <source>Question asked at the end</source>
        <translation>结束时提出的问题</translation>
    </message>
    <message>
        <source>GPU (vLLM on a GPU host)</source>
        <translation>GPU（GPU 主机上的 vLLM）</translation>
    </message>
    <message>
        <source>FPGA board</source>
        <translation>FPGA 板卡</translation>
    </message>
    <message>
        <source>GPU and FPGA</source>
        <translation>GPU 和 FPGA</translation>
    </message>
    <message>
        <source>Built-in evaluator</source>
        <translation>内置评测器</translation>
    </message>
    <message>
        <source>lm-evaluation-harness (lm_eval)</source>
        <translation>lm-evaluation-harness（lm_eval）</translation>
    </message>
    <message>
        <source>EvalPlus</source>
        <translation>EvalPlus</translation>
    </message>
    <message>
        <source>Add variant</source>
        <translation>添加变体</translation>
    </message>
    <message>
        <source>Remove variant</source>
        <translation>删除变体</translation>
    </message>
</context>
<context>
    <name>ct::ui::ResultView</name>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <source>one per row</source>
        <translation>每行一组</translation>
    </message>
    <message>
        <source>Symmetric</source>
        <translation>对称量化</translation>
    </message>
    <message>
        <source>Act-order (desc_act)</source>
        <translation>激活排序 (desc_act)</translation>
    </message>
    <message>
        <source>vLLM kernel</source>
        <translation>vLLM 内核</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Mean output error</source>
        <translation>平均输出误差</translation>
    </message>
    <message>
        <source>Round-to-nearest on the same inputs</source>
        <translation>同样输入下的就近取整（RTN）</translation>
    </message>
    <message>
        <source>Quantization time</source>
        <translation>量化用时</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Quantized checkpoint</source>
        <translation>量化检查点</translation>
    </message>
    <message>
        <source>Per layer</source>
        <translation>逐层</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output error</source>
        <translation>输出误差</translation>
    </message>
    <message>
        <source>Round-to-nearest</source>
        <translation>就近取整（RTN）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>FPGA weight image</source>
        <translation>FPGA 权重镜像</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>板卡</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>镜像大小</translation>
    </message>
    <message>
        <source>Board memory</source>
        <translation>板卡内存</translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation>内存占用</translation>
    </message>
    <message>
        <source>Fullest channel</source>
        <translation>最满的通道</translation>
    </message>
    <message>
        <source>Read per token</source>
        <translation>每词元读取量</translation>
    </message>
    <message>
        <source>Decode bound (bandwidth)</source>
        <translation>解码上限（带宽）</translation>
    </message>
    <message>
        <source>%1 tokens/s at %2 GB/s</source>
        <translation>%2 GB/s 下 %1 tokens/s</translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation>张量数</translation>
    </message>
    <message>
        <source>Checkpoint read</source>
        <translation>读取的检查点</translation>
    </message>
    <message>
        <source>Compile time</source>
        <translation>编译用时</translation>
    </message>
    <message>
        <source>Qt libraries</source>
        <translation>Qt 库</translation>
    </message>
    <message>
        <source>SQLite driver</source>
        <translation>SQLite 驱动</translation>
    </message>
    <message>
        <source>Data folders</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Processor</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>SSH client (GPU hosts)</source>
        <translation>SSH 客户端（连接 GPU 主机）</translation>
    </message>
    <message>
        <source>Python 3 (code tasks)</source>
        <translation>Python 3（代码任务）</translation>
    </message>
    <message>
        <source>NVIDIA GPU on this machine</source>
        <translation>本机 NVIDIA GPU</translation>
    </message>
    <message>
        <source>lm-evaluation-harness (lm_eval)</source>
        <translation>lm-evaluation-harness（lm_eval）</translation>
    </message>
    <message>
        <source>EvalPlus</source>
        <translation>EvalPlus</translation>
    </message>
    <message>
        <source>present</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>history %1, logs %2</source>
        <translation>历史 %1，日志 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n hardware thread(s)</source>
        <translation><numerusform>%n 个硬件线程</numerusform></translation>
    </message>
    <message>
        <source>Qt's SQLite driver is missing: install libqt6sql6-sqlite.</source>
        <translation>缺少 Qt 的 SQLite 驱动：请安装 libqt6sql6-sqlite。</translation>
    </message>
    <message>
        <source>No OpenSSH client: install openssh-client to reach GPU hosts.</source>
        <translation>没有 OpenSSH 客户端：请安装 openssh-client 以连接 GPU 主机。</translation>
    </message>
    <message>
        <source>No python3: code tasks (humaneval, mbpp) cannot be scored here.</source>
        <translation>没有 python3：本机无法评测代码任务（humaneval、mbpp）。</translation>
    </message>
    <message>
        <source>None (fine: GPUs are used on the GPU host over SSH).</source>
        <translation>无（没关系：GPU 通过 SSH 在 GPU 主机上使用）。</translation>
    </message>
    <message>
        <source>Not installed: the lm-eval framework cannot run here (pip install lm-eval); the built-in evaluator can.</source>
        <translation>未安装：本机无法运行 lm-eval 框架（pip install lm-eval）；内置评测器可以。</translation>
    </message>
    <message>
        <source>Not installed: the EvalPlus framework cannot run here (pip install evalplus); the built-in evaluator can.</source>
        <translation>未安装：本机无法运行 EvalPlus 框架（pip install evalplus）；内置评测器可以。</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>missing (required)</source>
        <translation>缺失（必需）</translation>
    </message>
    <message>
        <source>missing (optional)</source>
        <translation>缺失（可选）</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Scores, % (± standard error)</source>
        <translation>得分（%，± 标准误差）</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Δ vs %1</source>
        <translation>相对 %1 的差值</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>题数</translation>
    </message>
    <message>
        <source>Next-token agreement with %1</source>
        <translation>与 %1 的下一词元一致性</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Top-1 agreement</source>
        <translation>Top-1 一致率</translation>
    </message>
    <message>
        <source>KL (lower bound), nats/token</source>
        <translation>KL（下界），奈特/词元</translation>
    </message>
    <message>
        <source>Mean |Δ log p|</source>
        <translation>平均 |Δ log p|</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>位置数</translation>
    </message>
    <message>
        <source>No result yet: it appears here when the job succeeds.</source>
        <translation>暂无结果：任务成功后显示在这里。</translation>
    </message>
    <message>
        <source>Show JSON</source>
        <translation>显示 JSON</translation>
    </message>
    <message>
        <source>Show table</source>
        <translation>显示表格</translation>
    </message>
</context>
<context>
    <name>ct::ui::RoleGate</name>
    <message>
        <source>viewer</source>
        <translation>查看者</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Running a stage</source>
        <translation>运行阶段</translation>
    </message>
    <message>
        <source>Cancelling or removing a job</source>
        <translation>取消或删除作业</translation>
    </message>
    <message>
        <source>Deploying</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Starting or stopping a service</source>
        <translation>启动或停止服务</translation>
    </message>
    <message>
        <source>Using a GPU host</source>
        <translation>使用 GPU 主机</translation>
    </message>
    <message>
        <source>Adding, changing or removing hosts</source>
        <translation>添加、修改或删除主机</translation>
    </message>
    <message>
        <source>Changing settings</source>
        <translation>更改设置</translation>
    </message>
    <message>
        <source>Managing users</source>
        <translation>管理用户</translation>
    </message>
    <message>
        <source>Managing service keys</source>
        <translation>管理服务密钥</translation>
    </message>
    <message>
        <source>Changing the brand</source>
        <translation>更改品牌</translation>
    </message>
    <message>
        <source>Reading the audit log</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <source>%1 needs a signed-in user with the %2 role.</source>
        <translation>%1 需要已登录且具有 %2 角色的用户。</translation>
    </message>
    <message>
        <source>%1 needs the %2 role; you are signed in as %3 (%4).</source>
        <translation>%1 需要 %2 角色；你当前以 %3（%4）身份登录。</translation>
    </message>
</context>
<context>
    <name>ct::ui::ServicePage</name>
    <message>
        <source>Listen address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Default temperature</source>
        <translation>默认温度</translation>
    </message>
    <message>
        <source>Default max tokens</source>
        <translation>默认最大词元数</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>the host's</source>
        <translation>使用主机的设置</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>compiled image folder (Compile page)</source>
        <translation>已编译的镜像文件夹（编译页面）</translation>
    </message>
    <message>
        <source>model or quantized checkpoint folder</source>
        <translation>模型或量化检查点文件夹</translation>
    </message>
    <message>
        <source>Give the address to listen on: 127.0.0.1 for this machine, 0.0.0.0 for the network.</source>
        <translation>请填写监听地址：127.0.0.1 仅本机，0.0.0.0 对网络开放。</translation>
    </message>
    <message>
        <source>%1 is already served at %2: select it in the list, or stop it first.</source>
        <translation>%1 已部署于 %2：请在列表中选择它，或先停止它。</translation>
    </message>
    <message>
        <source>a port being opened</source>
        <translation>正在打开的端口</translation>
    </message>
    <message>
        <source>Nothing served yet. Choose a model, checkpoint or image on the left and press Serve.</source>
        <translation>尚未部署任何内容。请在左侧选择模型、检查点或镜像，然后点击“部署”。</translation>
    </message>
    <message>
        <source>Select a service in the list.</source>
        <translation>请在列表中选择一个服务。</translation>
    </message>
    <message>
        <source>Starting the service for %1 …</source>
        <translation>正在为 %1 启动服务…</translation>
    </message>
    <message>
        <source>Loading %1 into ct host …</source>
        <translation>正在将 %1 加载到 ct host…</translation>
    </message>
    <message>
        <source>Serving %1 at %2 — link to the host: %3.</source>
        <translation>正在部署 %1，地址 %2 — 与主机的连接：%3。</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Not serving: %1</source>
        <translation>未在服务：%1</translation>
    </message>
    <message>
        <source>Stopping %1 …</source>
        <translation>正在停止 %1…</translation>
    </message>
    <message>
        <source>%1 is stopped.</source>
        <translation>%1 已停止。</translation>
    </message>
    <message>
        <source>Select a running service to stop it.</source>
        <translation>请选择一个运行中的服务来停止。</translation>
    </message>
    <message>
        <source>Select a service that has an address.</source>
        <translation>请选择一个有地址的服务。</translation>
    </message>
    <message>
        <source>Only a stopped or failed service can be removed from the list.</source>
        <translation>只有已停止或失败的服务可以从列表中移除。</translation>
    </message>
    <message>
        <source>What to serve</source>
        <translation>部署内容</translation>
    </message>
    <message>
        <source>Known folders</source>
        <translation>已知文件夹</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>FPGA host address</source>
        <translation>FPGA 主机地址</translation>
    </message>
    <message>
        <source>HTTP port (0 = any free)</source>
        <translation>HTTP 端口（0 = 任意空闲）</translation>
    </message>
    <message>
        <source>Model or checkpoint</source>
        <translation>模型或检查点</translation>
    </message>
    <message>
        <source>FPGA image (emulator)</source>
        <translation>FPGA 镜像（仿真器）</translation>
    </message>
    <message>
        <source>FPGA board</source>
        <translation>FPGA 板卡</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>复制地址</translation>
    </message>
    <message>
        <source>Copy curl command</source>
        <translation>复制 curl 命令</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>从列表移除</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Service log</source>
        <translation>服务日志</translation>
    </message>
    <message>
        <source>Host log</source>
        <translation>主机日志</translation>
    </message>
    <message>
        <source>Select a running service to compare it with another endpoint.</source>
        <translation>选择一个运行中的服务，将其与另一个端点比较。</translation>
    </message>
    <message>
        <source>A/B chat</source>
        <translation>A/B 对话</translation>
    </message>
</context>
<context>
    <name>ct::ui::SettingsPage</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Job history</source>
        <translation>任务历史</translation>
    </message>
    <message>
        <source>Job logs</source>
        <translation>任务日志</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Not available here.</source>
        <translation>此处不可用。</translation>
    </message>
    <message>
        <source>Give the endpoint a short name (e.g. gpu-vllm).</source>
        <translation>请给端点起一个简短的名称（例如 gpu-vllm）。</translation>
    </message>
    <message>
        <source>Give its OpenAI base URL, e.g. http://gpu-host:8000/v1.</source>
        <translation>请填写其 OpenAI 基础 URL，例如 http://gpu-host:8000/v1。</translation>
    </message>
    <message>
        <source>Select an endpoint in the list.</source>
        <translation>请在列表中选择一个端点。</translation>
    </message>
    <message>
        <source>Known endpoints</source>
        <translation>已知端点</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>OpenAI base URL</source>
        <translation>OpenAI 基础 URL</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>http://gpu-host:8000/v1</source>
        <translation>http://gpu-host:8000/v1</translation>
    </message>
    <message>
        <source>API key (kept until the app closes)</source>
        <translation>API 密钥（保存到程序关闭）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ct::ui::StageGraph</name>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>kept (unchanged)</source>
        <translation>保留（未变）</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Also after</source>
        <translation>同时等待</translation>
    </message>
</context>
<context>
    <name>ct::ui::TargetPicker</name>
    <message>
        <source>Another URL…</source>
        <translation>其他 URL…</translation>
    </message>
</context>
<context>
    <name>ct::ui::Terms</name>
    <message>
        <source>quantize</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>compile</source>
        <translation>编译</translation>
    </message>
    <message>
        <source>evaluate</source>
        <translation>评测</translation>
    </message>
    <message>
        <source>machine check</source>
        <translation>本机检查</translation>
    </message>
    <message>
        <source>FPGA host</source>
        <translation>FPGA 主机</translation>
    </message>
    <message>
        <source>service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>train demo model</source>
        <translation>训练演示模型</translation>
    </message>
    <message>
        <source>test helper</source>
        <translation>测试助手</translation>
    </message>
    <message>
        <source>modules</source>
        <translation>个模块</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>个请求</translation>
    </message>
    <message>
        <source>checks</source>
        <translation>项检查</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>items</source>
        <translation>道题</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>个词元</translation>
    </message>
    <message>
        <source>GPTQ</source>
        <translation>GPTQ</translation>
    </message>
    <message>
        <source>round-to-nearest</source>
        <translation>就近取整（RTN）</translation>
    </message>
    <message>
        <source>decode speed</source>
        <translation>解码速度</translation>
    </message>
    <message>
        <source>board bound</source>
        <translation>板卡带宽上限</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>handshaking</source>
        <translation>正在握手</translation>
    </message>
    <message>
        <source>down</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>CT protocol</source>
        <translation>CT 协议</translation>
    </message>
    <message>
        <source>legacy protocol</source>
        <translation>旧版协议</translation>
    </message>
    <message>
        <source>writing the checkpoint</source>
        <translation>正在写入检查点</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>正在加载</translation>
    </message>
    <message>
        <source>layer %1/%2</source>
        <translation>第 %1/%2 层</translation>
    </message>
    <message>
        <source>The folder could not be loaded as a model or image: check that it is complete and of the right kind.</source>
        <translation>该文件夹无法作为模型或镜像加载：请检查它是否完整、类型是否正确。</translation>
    </message>
    <message>
        <source>The port could not be opened: choose another port, or 0 for any free one.</source>
        <translation>无法打开端口：请换一个端口，或填 0 使用任意空闲端口。</translation>
    </message>
    <message>
        <source>The endpoint did not answer: check that its service is running and the URL is right.</source>
        <translation>端点没有响应：请检查其服务是否在运行、URL 是否正确。</translation>
    </message>
    <message>
        <source>An endpoint failed during scoring: check that its service is running and the URL is right.</source>
        <translation>评分时某个端点失败：请检查其服务是否在运行、URL 是否正确。</translation>
    </message>
    <message>
        <source>The external evaluation tool failed: Tools ▸ Check this machine shows whether it is installed.</source>
        <translation>外部评测工具失败：工具 ▸ 检查本机环境 可显示它是否已安装。</translation>
    </message>
    <message>
        <source>This machine lacks something required: the log lists what to install.</source>
        <translation>本机缺少必需的组件：日志列出了需要安装的内容。</translation>
    </message>
    <message>
        <source>A file could not be read or written: check the folder's permissions and free space.</source>
        <translation>无法读写文件：请检查文件夹权限和剩余空间。</translation>
    </message>
    <message>
        <source>The output could not be written: check the folder's permissions and free space.</source>
        <translation>无法写入输出：请检查文件夹权限和剩余空间。</translation>
    </message>
    <message>
        <source>An input is not what the command expects: see the message for which one.</source>
        <translation>有输入不符合命令要求：请看消息中指出的是哪一项。</translation>
    </message>
    <message>
        <source>The model folder is incomplete or not supported: see the message.</source>
        <translation>模型文件夹不完整或不受支持：请查看消息。</translation>
    </message>
    <message>
        <source>The process ended without a word (killed, or the machine restarted).</source>
        <translation>进程无声无息地结束了（被终止，或机器重启）。</translation>
    </message>
    <message>
        <source>The process crashed: its log shows the last thing it did.</source>
        <translation>进程崩溃：日志显示了它最后在做什么。</translation>
    </message>
    <message>
        <source>The program could not be started: Tools ▸ Check this machine tells what is missing.</source>
        <translation>程序无法启动：工具 ▸ 检查本机环境 可告诉你缺少什么。</translation>
    </message>
    <message>
        <source>The process printed nothing for too long and was stopped.</source>
        <translation>进程太久没有输出，已被停止。</translation>
    </message>
    <message>
        <source>It took longer than allowed.</source>
        <translation>耗时超过了允许的时间。</translation>
    </message>
    <message>
        <source>The process ended with an error: its log shows why.</source>
        <translation>进程以错误结束：日志中有原因。</translation>
    </message>
</context>
<context>
    <name>ct::ui::UsersPage</name>
    <message>
        <source>viewer</source>
        <translation>查看者</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Service keys</source>
        <translation>服务密钥</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Create the first admin…</source>
        <translation>创建首个管理员…</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>Add a user (the password is temporary: it must be changed at first sign-in)</source>
        <translation>添加用户（密码为临时密码：首次登录时必须修改）</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <source>new temporary password</source>
        <translation>新的临时密码</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Set role</source>
        <translation>设置角色</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Managing users, service keys and the audit log needs the admin role.</source>
        <translation>管理用户、服务密钥和审计日志需要管理员角色。</translation>
    </message>
    <message>
        <source>No accounts exist: this installation runs single-user, and everyone who starts it may do everything (as scripts and CI expect). Create the first admin to turn on sign-in and roles.</source>
        <translation>尚无任何账户：本安装以单用户模式运行，任何启动它的人都可执行所有操作（与脚本和 CI 的预期一致）。创建首个管理员即可启用登录和角色。</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>未登录。</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2).</source>
        <translation>已登录：%1（%2）。</translation>
    </message>
    <message>
        <source>User added. Give them the temporary password; they choose their own at first sign-in.</source>
        <translation>用户已添加。请把临时密码告诉对方；对方首次登录时设置自己的密码。</translation>
    </message>
    <message>
        <source>Select a user first.</source>
        <translation>请先选择一个用户。</translation>
    </message>
    <message>
        <source>Remove user</source>
        <translation>删除用户</translation>
    </message>
    <message>
        <source>Remove %1? Their sessions end and their service keys are revoked; the audit log keeps their rows.</source>
        <translation>删除 %1？其会话将结束，服务密钥将被吊销；审计日志保留其记录。</translation>
    </message>
    <message>
        <source>Accounts are on: %1 is the admin. Everyone signs in from the next start.</source>
        <translation>账户已启用：%1 是管理员。下次启动起所有人都需要登录。</translation>
    </message>
    <message>
        <source>Your password is changed.</source>
        <translation>你的密码已修改。</translation>
    </message>
</context>
</TS>