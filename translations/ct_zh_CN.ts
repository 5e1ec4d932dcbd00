<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <translation>对象</translation>
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
        <translation>参数</translation>
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
</context>
<context>
    <name>ct::ui::ChatPanel</name>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>OpenAI base URL, e.g. http://127.0.0.1:8000/v1</source>
        <translation>OpenAI 基础地址，例如 http://127.0.0.1:8000/v1</translation>
    </message>
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
</context>
<context>
    <name>ct::ui::CompilePage</name>
    <message>
        <source>Choose a GPTQ checkpoint folder.</source>
        <translation>请选择 GPTQ 检查点目录。</translation>
    </message>
    <message>
        <source>This is not a GPTQ checkpoint; quantize it first on the Quantize page.</source>
        <translation>这不是 GPTQ 检查点；请先在“量化”页面量化。</translation>
    </message>
    <message>
        <source>Checkpoint: %1-bit, group %2, desc_act %3.</source>
        <translation>检查点：%1 位，分组 %2，desc_act %3。</translation>
    </message>
    <message>
        <source>The output folder exists already.</source>
        <translation>输出目录已存在。</translation>
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
        <translation>每个 token 读取量</translation>
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
        <source>fill %</source>
        <translation>占用 %</translation>
    </message>
    <message>
        <source>Channel fill, %</source>
        <translation>通道占用，%</translation>
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
        <translation>可选：compiler {checkpoint} {out} {board} {bits} {group_size} {desc_act}</translation>
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
</context>
<context>
    <name>ct::ui::EvaluatePage</name>
    <message>
        <source>Choose at least one task.</source>
        <translation>请至少选择一个任务。</translation>
    </message>
    <message>
        <source>Give the OpenAI base URL of the %1 target, e.g. http://127.0.0.1:8000/v1.</source>
        <translation>请填写 %1 目标的 OpenAI 基础 URL，例如 http://127.0.0.1:8000/v1。</translation>
    </message>
    <message>
        <source>The built-in evaluator scores endpoints: choose at least one target.</source>
        <translation>内置评测器对服务端点打分：请至少选择一个目标。</translation>
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
        <source>Score per task and target, %</source>
        <translation>各任务、各目标得分（%）</translation>
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
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Origin endpoint</source>
        <translation>原始模型端点</translation>
    </message>
    <message>
        <source>Quantized endpoint</source>
        <translation>量化模型端点</translation>
    </message>
    <message>
        <source>FPGA endpoint</source>
        <translation>FPGA 端点</translation>
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
        <translation>生成任务使用 Chat API</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>原始模型</translation>
    </message>
    <message>
        <source>quantized</source>
        <translation>量化模型</translation>
    </message>
    <message>
        <source>origin + quantized</source>
        <translation>原始 + 量化</translation>
    </message>
    <message>
        <source>FPGA</source>
        <translation>FPGA</translation>
    </message>
    <message>
        <source>origin + quantized + FPGA</source>
        <translation>原始 + 量化 + FPGA</translation>
    </message>
    <message>
        <source>none (the tool loads the model)</source>
        <translation>无（由工具自行加载模型）</translation>
    </message>
    <message>
        <source>bundled samples</source>
        <translation>内置样例数据</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评测</translation>
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
        <source>No password or passphrase is stored: keys with a passphrase are used through ssh-agent.</source>
        <translation>不保存任何密码或口令：带口令的密钥通过 ssh-agent 使用。</translation>
    </message>
</context>
<context>
    <name>ct::ui::HostsPage</name>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
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
        <translation>步骤</translation>
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
        <translation>删除</translation>
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
        <source>Error (%1): %2</source>
        <translation>错误（%1）：%2</translation>
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
        <translation>密钥只显示这一次：系统只保存它的哈希值。请现在把它交给客户端（Authorization: Bearer &lt;key&gt;）。</translation>
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
        <source>FPGA Service</source>
        <translation>FPGA 服务</translation>
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
        <source>GPU Hosts</source>
        <translation>GPU 主机</translation>
    </message>
</context>
<context>
    <name>ct::ui::ModelsPage</name>
    <message>
        <source>Model folder</source>
        <translation>模型目录</translation>
    </message>
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
</context>
<context>
    <name>ct::ui::QuantizePage</name>
    <message>
        <source>Text or JSON lines (*.txt *.jsonl *.json);;All files (*)</source>
        <translation>文本或 JSON Lines (*.txt *.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a model folder.</source>
        <translation>请选择模型目录。</translation>
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
        <source>Error: the memory limit should look like 16G or 800M</source>
        <translation>错误：内存上限应写成 16G 或 800M 的形式</translation>
    </message>
    <message>
        <source>An interrupted run of this output can be resumed.</source>
        <translation>该输出目录有一次中断的运行，可以继续。</translation>
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
        <source>Bits</source>
        <translation>位宽</translation>
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
        <translation>每样本 token 数</translation>
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
</context>
<context>
    <name>ct::ui::ServicePage</name>
    <message>
        <source>Service stopped.</source>
        <translation>服务已停止。</translation>
    </message>
    <message>
        <source>Service starting at %1 …</source>
        <translation>服务正在 %1 启动…</translation>
    </message>
    <message>
        <source>Serving %1 — link to the FPGA host: %2 (%3 mode), model %4, %5 request(s) running.</source>
        <translation>正在服务 %1 — FPGA 主机链路：%2（%3 模式），模型 %4，运行中的请求 %5 个。</translation>
    </message>
    <message>
        <source>Image folder</source>
        <translation>镜像目录</translation>
    </message>
    <message>
        <source>Local emulator host</source>
        <translation>本地仿真主机</translation>
    </message>
    <message>
        <source>FPGA host</source>
        <translation>FPGA 主机</translation>
    </message>
    <message>
        <source>HTTP port</source>
        <translation>HTTP 端口</translation>
    </message>
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
        <translation>默认最大 token 数</translation>
    </message>
    <message>
        <source>start ct host --backend emulator on the image</source>
        <translation>在该镜像上启动 ct host --backend emulator</translation>
    </message>
    <message>
        <source>compiled image (ct compile)</source>
        <translation>编译好的镜像（ct compile）</translation>
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
        <source>Start service</source>
        <translation>启动服务</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
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
        <translation>删除</translation>
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