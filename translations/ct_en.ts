<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
</context>
<context>
    <name>ct::ui::ChatPanel</name>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI base URL, e.g. http://127.0.0.1:8000/v1</source>
        <translation type="unfinished"></translation>
    </message>
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
</context>
<context>
    <name>ct::ui::CompilePage</name>
    <message>
        <source>Choose a GPTQ checkpoint folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a GPTQ checkpoint; quantize it first on the Quantize page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint: %1-bit, group %2, desc_act %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output folder exists already.</source>
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
        <source>fill %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel fill, %</source>
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
</context>
<context>
    <name>ct::ui::EvaluatePage</name>
    <message>
        <source>Choose at least one task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the OpenAI base URL of the %1 target, e.g. http://127.0.0.1:8000/v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in evaluator scores endpoints: choose at least one target.</source>
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
        <source>Score per task and target, %</source>
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
        <source>Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Origin endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantized endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA endpoint</source>
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
        <source>origin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>origin + quantized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>origin + quantized + FPGA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (the tool loads the model)</source>
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
        <source>No password or passphrase is stored: keys with a passphrase are used through ssh-agent.</source>
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
        <source>Error (%1): %2</source>
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
        <source>FPGA Service</source>
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
        <source>GPU Hosts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ct::ui::ModelsPage</name>
    <message>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
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
</context>
<context>
    <name>ct::ui::QuantizePage</name>
    <message>
        <source>Text or JSON lines (*.txt *.jsonl *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model folder.</source>
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
        <source>Error: the memory limit should look like 16G or 800M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An interrupted run of this output can be resumed.</source>
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
        <source>Bits</source>
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
</context>
<context>
    <name>ct::ui::ServicePage</name>
    <message>
        <source>Service stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service starting at %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving %1 — link to the FPGA host: %2 (%3 mode), model %4, %5 request(s) running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local emulator host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FPGA host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP port</source>
        <translation type="unfinished"></translation>
    </message>
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
        <source>start ct host --backend emulator on the image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compiled image (ct compile)</source>
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
        <source>Start service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
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
