#include <QCoreApplication>
#include <QFileInfo>

#include "cli/commands.h"
#include "cli/compute.h"
#include "fpga/host_server.h"
#include "model/generation.h"
#include "jobs/job_context.h"
#include "model/model_config.h"

namespace ct::cli {
namespace {

class HostCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("host"); }
  QString summary() const override { return QStringLiteral("The FPGA host program: serves a compiled image (emulator) or a model over the FPGA link."); }
  QString synopsis() const override { return QStringLiteral("--listen ADDR:PORT (--image DIR | --model DIR)"); }
  void addOptions(QCommandLineParser& p) override {
    p.addOptions({
        {QStringLiteral("listen"), QStringLiteral("Address and port to listen on (default 127.0.0.1:7100; port 0 picks a free one)."), QStringLiteral("addr:port")},
        {QStringLiteral("image"), QStringLiteral("Compiled image folder (from ct compile)."), QStringLiteral("dir")},
        {QStringLiteral("model"), QStringLiteral("Model folder (float, GPTQ or AWQ) instead of an image."), QStringLiteral("dir")},
        {QStringLiteral("backend"), QStringLiteral("emulator (default with --image): runs the image on the CPU, bit-exact with the board's arithmetic on the stored weights."), QStringLiteral("name")},
        {QStringLiteral("end-marker"), QStringLiteral("Legacy-mode end marker (default <|ct-end|>)."), QStringLiteral("text")},
        {QStringLiteral("max-tokens"), QStringLiteral("Default max tokens per request (default 256)."), QStringLiteral("n")},
        {QStringLiteral("max-frame"), QStringLiteral("Largest frame accepted, bytes (default 8388608)."), QStringLiteral("n")},
        {QStringLiteral("threads"), QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("n")},
        {QStringLiteral("queue-depth"), QStringLiteral("Requests that may wait for the model, all clients together (default 64); announced to ct serve, which answers 429 past it."), QStringLiteral("n")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const bool image = p.isSet(QStringLiteral("image")), model = p.isSet(QStringLiteral("model"));
    if (image == model) throw UsageError{QStringLiteral("give one of --image DIR or --model DIR")};
    const QString backendName = p.value(QStringLiteral("backend"));
    if (!backendName.isEmpty() && backendName != QLatin1String("emulator"))
      throw UsageError{QStringLiteral("--backend %1 is not available here; this build has the emulator (a board driver backend plugs in at the same place)").arg(backendName)};
    fpga::HostOptions o;
    const QString listen = p.isSet(QStringLiteral("listen")) ? p.value(QStringLiteral("listen")) : QStringLiteral("127.0.0.1:7100");
    const auto hostPort = parseHostPort(listen, true);
    if (!hostPort || !o.address.setAddress(hostPort->first))
      throw UsageError{QStringLiteral("--listen must look like 127.0.0.1:7100, got '%1'").arg(listen)};
    o.port = hostPort->second;
    if (p.isSet(QStringLiteral("end-marker"))) o.endMarker = p.value(QStringLiteral("end-marker")).toUtf8();
    if (o.endMarker.isEmpty()) throw UsageError{QStringLiteral("--end-marker must not be empty")};
    o.defaultMaxTokens = parsePositiveInt(p, QStringLiteral("max-tokens"), o.defaultMaxTokens);
    o.maxFrameBytes = parsePositiveInt(p, QStringLiteral("max-frame"), static_cast<int>(o.maxFrameBytes));
    o.maxQueued = parsePositiveInt(p, QStringLiteral("queue-depth"), o.maxQueued);
    const QString dir = image ? p.value(QStringLiteral("image")) : p.value(QStringLiteral("model"));
    model::LoadOptions lo;
    lo.threads = parsePositiveInt(p, QStringLiteral("threads"), 0);
    const compute::Work* work = compute::work();
    if (!work) return compute::handOver(name(), env);

    jobs::JobContext ctx(QStringLiteral("host"), QJsonObject{{QStringLiteral("listen"), listen}, {image ? QStringLiteral("image") : QStringLiteral("model"), dir}}, {env.json, env.jobId});
    ctx.begin();
    QString error;
    std::unique_ptr<model::LanguageModel> lm = image ? work->loadEmulator(dir, lo, &error) : work->loadModel(dir, lo, &error);
    if (!lm) return ctx.fail(QStringLiteral("bad_model"), error);
    auto tok = model::Tokenizer::load(dir, &error);
    auto cfg = model::ModelConfig::load(dir, &error);
    auto tpl = model::ChatTemplate::load(dir, &error);
    if (!tok || !cfg || !tpl) return ctx.fail(QStringLiteral("bad_model"), error);
    const int context = std::min(lm->maxContext(), cfg->maxPositionEmbeddings);
    auto backend = std::make_unique<fpga::HostBackend>(std::move(lm), std::move(tok), *tpl, model::stopTokenIds(dir, *cfg, *model::Tokenizer::load(dir, nullptr)),
                                                       QFileInfo(dir).fileName(), context);
    fpga::HostServer server(std::move(backend), o);
    QObject::connect(&server, &fpga::HostServer::logLine, [&ctx](const QString& line) { ctx.info(line); });
    if (!server.listen(&error)) return ctx.fail(QStringLiteral("listen_failed"), error);
    // A parent waiting for the port reads it from this line's data (docs/events.md).
    ctx.log(jobs::LogLevel::Info,
            QStringLiteral("listening on %1:%2 (%3 %4, context %5, legacy end marker %6)")
                .arg(o.address.toString()).arg(server.port()).arg(image ? QStringLiteral("emulator on image") : QStringLiteral("model"), dir)
                .arg(context).arg(QString::fromUtf8(o.endMarker)),
            QJsonObject{{QStringLiteral("port"), server.port()}});
    runUntilCancelled(ctx);
    return ctx.succeed(QJsonObject{{QStringLiteral("stopped"), true}, {QStringLiteral("port"), server.port()}});
  }
};

}  // namespace

std::unique_ptr<Command> makeHostCommand() { return std::make_unique<HostCommand>(); }

}  // namespace ct::cli
