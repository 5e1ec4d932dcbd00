#pragma once

namespace ct::jobs {
class JobContext;
}

namespace ct::diag {

// `ct doctor`: checks what the tool needs on this machine (history database, folders, SSH
// client, python3 for code evaluation, GPUs, the lm_eval and EvalPlus tools) and reports each
// finding as the job's result: name, ok, required, a sentence (detail) and the fact (value).
int runDoctor(jobs::JobContext& ctx);

}  // namespace ct::diag
