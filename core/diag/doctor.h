#pragma once

namespace ct::jobs {
class JobContext;
}

namespace ct::diag {

// `ct doctor`: checks what the tool needs on this machine (history database, folders, SSH
// client, python3 for code evaluation, GPUs) and reports each finding as the job's result.
int runDoctor(jobs::JobContext& ctx);

}  // namespace ct::diag
