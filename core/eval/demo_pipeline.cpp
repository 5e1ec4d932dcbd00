#include "eval/demo_pipeline.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "auth/session.h"
#include "eval/compare.h"
#include "eval/native_eval.h"
#include "eval/openai_client.h"
#include "jobs/event.h"
#include "jobs/job_context.h"
#include "proc/process.h"

namespace ct::eval {
namespace {

struct Failure {
  QString code, message;
};

// A `ct` child with --json: its result event, error event and the port it reports.
class Child {
 public:
  Child(const QString& program, QStringList args) {
    spec_.program = program;
    spec_.args = std::move(args);
    spec_.args << QStringLiteral("--json");
    // The signed-in user's session goes on to the child on its stdin, never its command line.
    if (!auth::currentSessionToken().isEmpty()) {
      spec_.args << QStringLiteral("--") + auth::kSecretsStdinOption;
      spec_.stdinData = auth::encodeHandoff({});
    }
    QObject::connect(&p_, &proc::Process::stdoutLines, [this](const QList<QByteArray>& lines) {
      for (const QByteArray& line : lines) {
        const auto e = jobs::Event::parseLine(line, nullptr);
        if (!e) continue;
        if (e->type == jobs::Event::Type::Result) result_ = e->result;
        if (e->type == jobs::Event::Type::Error) error_ = e->message;
        if (e->type == jobs::Event::Type::Log && e->data.contains(QStringLiteral("port"))) port_ = e->data.value(QStringLiteral("port")).toInt();
      }
    });
  }
  ~Child() { stop(); }
  void start() { p_.start(spec_); }
  void stop() {
    if (p_.isRunning()) {
      p_.cancel();
      p_.waitForDone(15000);
    }
  }
  // Runs to the end; the result object, or throws with the child's own error message.
  QJsonObject run(const QString& what) {
    start();
    p_.waitForDone(-1);
    if (!p_.result().ok()) throw Failure{QStringLiteral("step_failed"), QStringLiteral("%1: %2").arg(what, error_.isEmpty() ? p_.result().describe() : error_)};
    return result_;
  }
  // Waits for the port a server child announces.
  int waitPort(const QString& what, int timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    while (port_ == 0 && p_.isRunning() && t.elapsed() < timeoutMs) {
      QEventLoop loop;
      QTimer::singleShot(50, &loop, &QEventLoop::quit);
      loop.exec();
    }
    if (port_ == 0) throw Failure{QStringLiteral("step_failed"), QStringLiteral("%1 did not start: %2").arg(what, error_.isEmpty() ? p_.result().describe() : error_)};
    return port_;
  }
  qint64 pid() const { return p_.pid(); }

 private:
  proc::ProcessSpec spec_;
  proc::Process p_;
  QJsonObject result_;
  QString error_;
  int port_ = 0;
};

void say(const QString& line) {
  std::fputs(qPrintable(line + QLatin1Char('\n')), stderr);
  std::fflush(stderr);
}

}  // namespace

int runDemo(jobs::JobContext& ctx, const DemoOptions& o) {
  std::vector<std::unique_ptr<Child>> servers;
  QJsonArray childPids;  // reported so a caller can check that none outlives the demo
  auto check = [&] {
    if (ctx.cancelled()) throw Failure{QStringLiteral("cancelled"), {}};
  };
  try {
    QDir(o.workDir).removeRecursively();
    if (!QDir().mkpath(o.workDir)) throw Failure{QStringLiteral("io"), QStringLiteral("cannot create %1").arg(o.workDir)};
    const QString w = QDir(o.workDir).absolutePath();
    const int steps = 4 + 1 + 6 + 1;
    int step = 0;
    auto stage = [&](const QString& s) { ctx.progress(step++, steps, QStringLiteral("steps"), s); };

    QJsonObject quant;
    for (int bits : {8, 4, 2}) {
      check();
      stage(QStringLiteral("quantizing the demo model to %1 bits (GPTQ, group 32)").arg(bits));
      Child c(o.ctProgram, {QStringLiteral("quantize"), o.modelDir, QStringLiteral("--out"), w + QStringLiteral("/int%1").arg(bits), QStringLiteral("--bits"), QString::number(bits),
                            QStringLiteral("--group-size"), QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("32")});
      quant.insert(QStringLiteral("int%1").arg(bits), c.run(QStringLiteral("quantize %1-bit").arg(bits)));
    }
    // AWQ int4 beside GPTQ int4: the same group size; 8 calibration windows of 512 tokens (the
    // search runs each module 20 times over them, so it gets fewer tokens than GPTQ's 32).
    check();
    stage(QStringLiteral("quantizing the demo model to 4 bits with AWQ (group 32)"));
    {
      Child c(o.ctProgram, {QStringLiteral("quantize"), o.modelDir, QStringLiteral("--out"), w + QStringLiteral("/awq4"), QStringLiteral("--method"), QStringLiteral("awq"),
                            QStringLiteral("--group-size"), QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("8")});
      quant.insert(QStringLiteral("awq4"), c.run(QStringLiteral("quantize AWQ 4-bit")));
    }
    check();
    stage(QStringLiteral("compiling the 4-bit checkpoint for vcu128"));
    Child comp(o.ctProgram, {QStringLiteral("compile"), w + QStringLiteral("/int4"), QStringLiteral("--board"), QStringLiteral("vcu128"), QStringLiteral("--out"), w + QStringLiteral("/int4-vcu128")});
    const QJsonObject report = comp.run(QStringLiteral("compile"));

    struct Target {
      QString name, how, source;
      bool image;
      int port = 0;
    };
    std::vector<Target> targets{{QStringLiteral("origin"), QStringLiteral("float32 checkpoint"), o.modelDir, false},
                                {QStringLiteral("int8"), QStringLiteral("GPTQ 8-bit"), w + QStringLiteral("/int8"), false},
                                {QStringLiteral("int4"), QStringLiteral("GPTQ 4-bit"), w + QStringLiteral("/int4"), false},
                                {QStringLiteral("awq4"), QStringLiteral("AWQ 4-bit"), w + QStringLiteral("/awq4"), false},
                                {QStringLiteral("int2"), QStringLiteral("GPTQ 2-bit"), w + QStringLiteral("/int2"), false},
                                {QStringLiteral("fpga"), QStringLiteral("4-bit image on the emulated board"), w + QStringLiteral("/int4-vcu128"), true}};
    for (Target& t : targets) {
      check();
      auto host = std::make_unique<Child>(o.ctProgram, QStringList{QStringLiteral("host"), t.image ? QStringLiteral("--image") : QStringLiteral("--model"), t.source,
                                                                   QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
      host->start();
      const int hostPort = host->waitPort(QStringLiteral("ct host for %1").arg(t.name));
      auto serve = std::make_unique<Child>(o.ctProgram, QStringList{QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hostPort),
                                                                    QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--model-name"), QStringLiteral("demo-%1").arg(t.name)});
      serve->start();
      t.port = serve->waitPort(QStringLiteral("ct serve for %1").arg(t.name));
      childPids.append(static_cast<double>(host->pid()));
      childPids.append(static_cast<double>(serve->pid()));
      servers.push_back(std::move(host));
      servers.push_back(std::move(serve));
    }

    QJsonArray rows;
    QList<QPair<QString, EvalResults>> runs;
    QStringList tasks{QStringLiteral("demo")};
    if (o.realItems > 0)
      tasks << QStringLiteral("arc_easy") << QStringLiteral("hellaswag") << QStringLiteral("mmlu_abstract_algebra") << QStringLiteral("humaneval");
    for (const Target& t : targets) {
      check();
      stage(QStringLiteral("scoring %1 (%2) through http://127.0.0.1:%3/v1: %4").arg(t.name, t.how).arg(t.port).arg(tasks.join(QStringLiteral(", "))));
      OpenAiClient root(QStringLiteral("http://127.0.0.1:%1").arg(t.port), {}, 2000);
      // The link may still be negotiating: /health says when the service can answer.
      for (int i = 0; i < 200 && root.get(QStringLiteral("/health")).status != 200; ++i) {
        QEventLoop loop;
        QTimer::singleShot(50, &loop, &QEventLoop::quit);
        loop.exec();
      }
      NativeOptions no;
      no.endpoint = QStringLiteral("http://127.0.0.1:%1/v1").arg(t.port);
      no.model = QStringLiteral("demo-%1").arg(t.name);
      no.seed = o.seed;
      no.data.dataDir = o.dataDir;
      no.maxGenToks = 48;  // the demo model's answers are short; its code is not worth 768 tokens
      no.sandbox.wallSeconds = 10;
      no.sandbox.cpuSeconds = 5;
      QList<EvalResults> parts;
      // The demo task takes --items questions, each real task --real-items.
      for (const QString& task : tasks) {
        no.tasks = {task};
        no.limit = task == QLatin1String("demo") ? o.items : (task == QLatin1String("humaneval") ? std::max(1, o.realItems / 5) : o.realItems);
        Reporter rep;
        rep.cancelled = [&] { return ctx.cancelled(); };
        QString error;
        bool cancelled = false;
        auto r = evaluateEndpoint(no, rep, &error, &cancelled);
        if (cancelled) throw Failure{QStringLiteral("cancelled"), {}};
        if (!r) throw Failure{QStringLiteral("eval_failed"), QStringLiteral("%1: %2").arg(t.name, error)};
        parts << *r;
      }
      EvalResults all = parts.first();
      for (int i = 1; i < parts.size(); ++i) all.tasks << parts[i].tasks;
      computeGroups(all);
      QFile f(QStringLiteral("%1/eval/%2.json").arg(w, t.name));
      QDir().mkpath(w + QStringLiteral("/eval"));
      if (f.open(QIODevice::WriteOnly)) f.write(QJsonDocument(toLmEvalJson(all)).toJson());
      const TaskResult* demo = all.find(QStringLiteral("demo"));
      const double acc = demo->metrics.value(QStringLiteral("acc,none")).value;
      ctx.metric(QStringLiteral("accuracy %"), static_cast<double>(rows.size()), acc * 100);
      rows.append(QJsonObject{{QStringLiteral("target"), t.name}, {QStringLiteral("what"), t.how}, {QStringLiteral("accuracy"), acc},
                              {QStringLiteral("per_form"), demo->config.value(QStringLiteral("per_form"))}, {QStringLiteral("results_file"), f.fileName()}});
      runs << qMakePair(t.name, all);
    }
    // Next-token agreement of every target with the float model on the demo task's text.
    QMap<QString, Agreement> agreement;
    {
      const QString text = defaultAgreementText();
      std::optional<Distributions> base;
      for (const Target& t : targets) {
        OpenAiClient c(QStringLiteral("http://127.0.0.1:%1/v1").arg(t.port));
        QString error;
        auto d = scoreLongText(c, QStringLiteral("demo-%1").arg(t.name), text, 5, 400, &error);
        if (!d) continue;
        if (!base) {
          base = d;
          continue;
        }
        if (auto g = compareDistributions(*base, *d, &error)) agreement.insert(t.name, *g);
      }
    }

    stage(QStringLiteral("asking the emulated board one question through its OpenAI service"));
    OpenAiClient board(QStringLiteral("http://127.0.0.1:%1/v1").arg(targets.back().port));
    QString error;
    const QString question = QStringLiteral("What is 17 + 5?");
    const QString answer = board.chat(QStringLiteral("demo-fpga"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), question}}}, 0.0, 32, &error);
    if (!error.isEmpty()) throw Failure{QStringLiteral("chat_failed"), error};

    for (auto& s : servers) s->stop();
    servers.clear();

    // The table people read.
    say(QString());
    say(QStringLiteral("Scores through each target's OpenAI API (%1 demo-task questions; %2 items of each real task from the bundled samples;"
                       " value±stderr in %, delta vs origin):").arg(o.items).arg(o.realItems));
    say(formatComparison(runs, agreement));
    for (const QJsonValue v : rows) {
      const QJsonObject r = v.toObject(), f = r.value(QStringLiteral("per_form")).toObject();
      auto form = [&](const char* k) { return QString::number(100 * f.value(QLatin1String(k)).toObject().value(QStringLiteral("acc")).toDouble(), 'f', 0); };
      say(QStringLiteral("  demo task %1 by form (plain/multiple-choice/worked): %2/%3/%4%  (%5)")
              .arg(r.value(QStringLiteral("target")).toString(), -7).arg(form("chat"), form("multiple-choice"), form("worked"), r.value(QStringLiteral("what")).toString()));
    }
    {
      // The two 4-bit methods side by side: what each keeps of the float model.
      double acc[2] = {0, 0};
      for (const QJsonValue v : rows) {
        const QString t = v[QStringLiteral("target")].toString();
        if (t == QLatin1String("int4")) acc[0] = v[QStringLiteral("accuracy")].toDouble();
        if (t == QLatin1String("awq4")) acc[1] = v[QStringLiteral("accuracy")].toDouble();
      }
      const Agreement g = agreement.value(QStringLiteral("int4")), a = agreement.value(QStringLiteral("awq4"));
      say(QStringLiteral("4-bit, group 32, GPTQ vs AWQ: demo task %1% vs %2%; next-token top-1 agreement with the float model %3% vs %4% (KL ≥ %5 vs %6)")
              .arg(100 * acc[0], 0, 'f', 1).arg(100 * acc[1], 0, 'f', 1).arg(100 * g.top1, 0, 'f', 1).arg(100 * a.top1, 0, 'f', 1)
              .arg(g.klMean, 0, 'f', 4).arg(a.klMean, 0, 'f', 4));
    }
    say(QStringLiteral("The real tasks are far beyond a 0.8 M-parameter arithmetic model: they show the pipeline, not skill."));
    say(QString());
    say(QStringLiteral("Compile report (vcu128): %1 bytes of %2 MB, %3 bytes read per token, bandwidth bound %4 tokens/s")
            .arg(static_cast<qint64>(report.value(QStringLiteral("total_bytes")).toDouble()))
            .arg(report.value(QStringLiteral("capacity_bytes")).toDouble() / 1e6, 0, 'f', 0)
            .arg(static_cast<qint64>(report.value(QStringLiteral("bytes_per_token")).toDouble()))
            .arg(report.value(QStringLiteral("bound_tokens_per_s")).toDouble(), 0, 'f', 0));
    say(QStringLiteral("Chat through the emulated board's service: %1 → %2").arg(question, answer));
    say(QStringLiteral("Everything the demo made is in %1").arg(w));
    ctx.progress(steps, steps, QStringLiteral("steps"), QStringLiteral("done"));
    return ctx.succeed({{QStringLiteral("work_dir"), w},
                        {QStringLiteral("targets"), rows},
                        {QStringLiteral("comparison"), comparisonJson(runs, agreement)},
                        {QStringLiteral("quantization"), quant},
                        {QStringLiteral("compile_report"), report},
                        {QStringLiteral("chat"), QJsonObject{{QStringLiteral("question"), question}, {QStringLiteral("answer"), answer}}},
                        {QStringLiteral("child_pids"), childPids}});
  } catch (const Failure& f) {
    for (auto& s : servers) s->stop();
    servers.clear();
    if (f.code == QLatin1String("cancelled")) return ctx.cancel();
    return ctx.fail(f.code, f.message);
  }
}

}  // namespace ct::eval
