#include "cli/commands.h"
#include "brand/brand.h"
#include "fpga/board_profile.h"
#include "fpga/external_compiler.h"
#include "fpga/image.h"
#include "jobs/job_context.h"

namespace ct::cli {
namespace {

class CompileCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("compile"); }
  QString summary() const override { return QStringLiteral("Compile a GPTQ or AWQ checkpoint into an FPGA weight image (manifest + per-channel files + report)."); }
  QString synopsis() const override { return QStringLiteral("CHECKPOINT_DIR --out IMAGE_DIR"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("checkpoint"), QStringLiteral("GPTQ checkpoint folder (ct quantize's, GPTQModel's or AutoGPTQ's) or AutoAWQ GEMM checkpoint (ct quantize --method awq's or AutoAWQ's)"));
    p.addOptions({
        {QStringLiteral("board"), QStringLiteral("Board profile: a built-in name (%1) or a JSON file (default %2).").arg(fpga::BoardProfile::builtIn().join(QStringLiteral(", ")), brand::Brand::current().boardProfile), QStringLiteral("name")},
        {QStringLiteral("out"), QStringLiteral("Image folder; written as OUT.partial and renamed when complete."), QStringLiteral("dir")},
        {QStringLiteral("bits"), QStringLiteral("Expected bits; refused if the checkpoint differs."), QStringLiteral("n")},
        {QStringLiteral("group-size"), QStringLiteral("Expected group size; refused if the checkpoint differs."), QStringLiteral("n")},
        {QStringLiteral("desc-act"), QStringLiteral("Expect an act-order checkpoint; refused if it is not.")},
        {QStringLiteral("external"), QStringLiteral("Run another compiler instead (e.g. the in-house Compiler-VCU128): a command line with {checkpoint} {out} {board} {bits} {group_size} {desc_act}."), QStringLiteral("command")},
    });
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) throw UsageError{QStringLiteral("give exactly one CHECKPOINT_DIR")};
    if (!p.isSet(QStringLiteral("out"))) throw UsageError{QStringLiteral("--out IMAGE_DIR is required")};
    fpga::CompileRequest r;
    r.checkpointDir = pos.first();
    r.outDir = p.value(QStringLiteral("out"));
    r.board = p.isSet(QStringLiteral("board")) ? p.value(QStringLiteral("board")) : brand::Brand::current().boardProfile;
    r.bits = parsePositiveInt(p, QStringLiteral("bits"), 0);
    if (p.isSet(QStringLiteral("group-size"))) {
      bool ok = false;
      r.groupSize = p.value(QStringLiteral("group-size")).toInt(&ok);
      if (!ok || r.groupSize == 0) throw UsageError{QStringLiteral("--group-size must be -1, 32, 64 or 128")};
    }
    if (p.isSet(QStringLiteral("desc-act"))) r.descAct = true;
    jobs::JobContext ctx(QStringLiteral("compile"),
                         QJsonObject{{QStringLiteral("checkpoint"), r.checkpointDir}, {QStringLiteral("board"), r.board}, {QStringLiteral("out"), r.outDir}},
                         {env.json, env.jobId});
    ctx.begin();
    if (p.isSet(QStringLiteral("external"))) return fpga::runExternalCompiler(ctx, r, p.value(QStringLiteral("external")));
    return fpga::compileImage(ctx, r);
  }
};

}  // namespace

std::unique_ptr<Command> makeCompileCommand() { return std::make_unique<CompileCommand>(); }

}  // namespace ct::cli
