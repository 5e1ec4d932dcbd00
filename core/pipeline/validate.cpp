#include "pipeline/validate.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>

#include "deploy/deployment.h"
#include "deploy/gpu_host.h"
#include "deploy/model_checks.h"
#include "eval/tasks.h"
#include "fpga/board_profile.h"
#include "model/inspect.h"
#include "model/model_config.h"
#include "quant/quant_options.h"
#include "remote/host_store.h"
#include "remote/ssh_host.h"
#include "util/paths.h"

namespace ct::pipeline {
namespace {

quant::QuantOptions toOptions(const QJsonObject& o) {
  quant::QuantOptions q;
  q.method = o.value(QStringLiteral("method")).toString(q.method);
  q.bits = o.value(QStringLiteral("bits")).toInt(q.bits);
  q.groupSize = o.value(QStringLiteral("group_size")).toInt(q.groupSize);
  q.descAct = o.value(QStringLiteral("desc_act")).toBool(q.descAct);
  q.sym = o.value(QStringLiteral("sym")).toBool(q.sym);
  q.staticGroups = o.value(QStringLiteral("static_groups")).toBool(false);
  q.damp = o.value(QStringLiteral("damp")).toDouble(q.damp);
  q.calibPath = o.value(QStringLiteral("calib")).toString();
  q.nsamples = o.value(QStringLiteral("nsamples")).toInt(q.nsamples);
  q.seqlen = o.value(QStringLiteral("seqlen")).toInt(0);
  return q;
}

qint64 parameterCount(const model::ModelConfig& c) {
  qint64 n = 0;
  for (const auto& [name, shape] : c.expectedTensors(QStringLiteral("model."), !c.tieWordEmbeddings)) {
    qint64 k = 1;
    for (int64_t d : shape) k *= d;
    n += k;
  }
  return n;
}

}  // namespace

QList<Problem> validateRecipe(const Recipe& r, const ValidateOptions& o) {
  QList<Problem> out;
  auto add = [&](const QString& field, const QString& msg, bool warning = false) { out.append({field, msg, warning}); };

  // Hosts first: a host that cannot be reached makes every check on it moot.
  QSet<QString> unreachable;
  {
    QMap<QString, QString> hosts;  // host → the first field naming it
    auto note = [&](const QString& h, const QString& field) {
      if (!h.isEmpty() && !hosts.contains(h)) hosts.insert(h, field);
    };
    note(r.modelHost, QStringLiteral("model.host"));
    note(r.quantizeOn, QStringLiteral("quantize.run_on"));
    if (r.gpu()) note(r.deploy.value(QStringLiteral("host")).toString(), QStringLiteral("deploy.host"));
    if (r.evaluate.value(QStringLiteral("framework")).toString(QStringLiteral("native")) != QLatin1String("native"))
      note(r.evaluate.value(QStringLiteral("run_on")).toString(), QStringLiteral("evaluate.run_on"));
    if (r.board()) note(r.fpga.value(QStringLiteral("link_via")).toString(), QStringLiteral("fpga_service.link_via"));
    remote::HostStore store(paths::jobsDatabase());
    QString err;
    const bool opened = store.open(&err);
    for (auto it = hosts.begin(); it != hosts.end(); ++it) {
      const auto profile = opened ? store.get(it.key()) : std::nullopt;
      if (!profile) {
        add(it.value(), QStringLiteral("no host '%1' is known here; add it with ct hosts add %1 --dest USER@ADDRESS").arg(it.key()));
        unreachable.insert(it.key());
        continue;
      }
      if (!o.contactHosts) continue;
      remote::SshHost ssh(*profile);
      const auto m = ssh.ensureMaster();
      if (!m.ok) {
        add(it.value(), QStringLiteral("host %1 cannot be reached (step: %2): %3 %4").arg(it.key(), m.failure.step, m.failure.message, m.failure.fix).trimmed());
        unreachable.insert(it.key());
      }
    }
  }

  // The model.
  std::optional<model::ModelConfig> config;
  std::optional<deploy::ModelFacts> facts;
  if (r.modelHost.isEmpty()) {
    const QJsonObject report = model::inspectCheckpoint(r.modelPath);
    if (!report.value(QStringLiteral("ok")).toBool()) {
      add(QStringLiteral("model.path"), QStringLiteral("%1 cannot be used: %2").arg(r.modelPath, model::describeInspection(report).simplified()));
    } else {
      QString err;
      config = model::ModelConfig::load(r.modelPath, &err);
      if (!config) add(QStringLiteral("model.path"), err);
      QFile f(QDir(r.modelPath).filePath(QStringLiteral("config.json")));
      if (f.open(QIODevice::ReadOnly)) facts = deploy::ModelFacts::fromConfig(f.readAll(), static_cast<qint64>(report.value(QStringLiteral("bytes")).toDouble()), &err);
    }
  } else if (!unreachable.contains(r.modelHost) && o.contactHosts) {
    remote::HostStore store(paths::jobsDatabase());
    QString err;
    if (store.open(&err))
      if (const auto p = store.get(r.modelHost)) {
        remote::SshHost ssh(*p);
        const auto res = ssh.exec({QStringLiteral("cat"), r.modelPath + QStringLiteral("/config.json")});
        if (!res.ok()) add(QStringLiteral("model.path"), QStringLiteral("%1 has no %2/config.json (step: read the model's config)").arg(r.modelHost, r.modelPath));
        else {
          config = model::ModelConfig::fromJson(QJsonDocument::fromJson(res.out).object(), &err);
          facts = deploy::ModelFacts::fromConfig(res.out, 0, &err);
          if (!config) add(QStringLiteral("model.path"), QStringLiteral("%1:%2/config.json: %3").arg(r.modelHost, r.modelPath, err));
        }
      }
  }
  if (!r.modelHost.isEmpty() && r.quantizeOn != r.modelHost && !r.variants.isEmpty())
    add(QStringLiteral("quantize.run_on"), QStringLiteral("the model is on %1: quantize there (run_on: \"%1\"), or copy it here with ct pull and clear model.host").arg(r.modelHost));

  // Each variant's plan.
  for (int i = 0; i < r.variants.size(); ++i) {
    const Variant& v = r.variants[i];
    const QString field = QStringLiteral("quantize.variants[%1]").arg(i);
    const quant::QuantOptions q = toOptions(v.options);
    if (!q.calibPath.isEmpty() && r.quantizeOn.isEmpty() && !QFileInfo::exists(q.calibPath))
      add(field + QStringLiteral(".calib"), QStringLiteral("%1 does not exist").arg(q.calibPath));
    if (!config) continue;
    const quant::QuantPlan plan = quant::planQuantization(quant::resolved(q, *config), *config);
    for (const QString& e : plan.errors) add(field, e);
    for (const QString& w : plan.warnings) add(field, w, true);
    if (q.calibPath.isEmpty() && !r.quantizeOn.isEmpty())
      add(field + QStringLiteral(".calib"), QStringLiteral("quantizing on %1 needs a calibration file there: give its path on the host (.txt or .jsonl)").arg(r.quantizeOn));
    else if (q.calibPath.isEmpty() && !r.modelPath.isEmpty() && QFileInfo::exists(QDir(r.modelPath).filePath(QStringLiteral("config.json"))) &&
             !QFileInfo::exists(QDir(r.modelPath).filePath(QStringLiteral("ct_demo.json"))))
      add(field + QStringLiteral(".calib"), QStringLiteral("no calibration text given: the bundled benchmark samples of tasks this run does not score are used (a few hundred KB); "
                                                           "text like the model's real use calibrates better (.txt or .jsonl)"), true);
  }

  // The board.
  if (r.board() && config) {
    QString err;
    const auto board = fpga::BoardProfile::load(r.compile.value(QStringLiteral("board")).toString(QStringLiteral("vcu128")), &err);
    if (!board) add(QStringLiteral("compile.board"), err);
    else if (const Variant* v = r.variant(r.compileFrom())) {
      const double bytes = parameterCount(*config) * (v->bits() / 8.0) * 1.07;  // + scales and zeros
      if (bytes > static_cast<double>(board->capacityBytes()))
        add(QStringLiteral("compile.from"), QStringLiteral("the %1-bit image needs about %2 GB; the board holds %3 GB: compile a smaller variant (fewer bits) or a smaller model")
                                                .arg(v->bits()).arg(bytes / 1e9, 0, 'f', 1).arg(board->capacityBytes() / 1e9, 0, 'f', 1));
    }
    const int port = r.fpga.value(QStringLiteral("port")).toInt();
    if (port > 0) {
      QTcpServer probe;
      if (!probe.listen(QHostAddress(r.fpga.value(QStringLiteral("bind")).toString(QStringLiteral("127.0.0.1"))), static_cast<quint16>(port)))
        add(QStringLiteral("fpga_service.port"), QStringLiteral("port %1 is taken (%2); choose another or 0 for a free one").arg(port).arg(probe.errorString()));
    }
    if (r.fpga.value(QStringLiteral("keys_from_db")).toBool() && r.evaluatedModels().contains(QStringLiteral("board")))
      add(QStringLiteral("fpga_service.keys_from_db"), QStringLiteral("the run cannot score the board through a service that only takes issued keys; score it first, or leave board out of evaluate.models"));
  }

  // The deployments.
  if (r.gpu() && facts) {
    const int tp = r.deploy.value(QStringLiteral("tensor_parallel_size")).toInt();
    if (tp > 0) {
      const QString why = deploy::checkTensorParallel(*facts, tp);
      if (!why.isEmpty()) add(QStringLiteral("deploy.tensor_parallel_size"), why);
    }
    // Room on the host's GPUs for each deployment, as the scheduler would place it now.
    const QString host = r.deploy.value(QStringLiteral("host")).toString();
    if (o.contactHosts && !unreachable.contains(host) && config) {
      remote::HostStore hosts(paths::jobsDatabase());
      QString err;
      if (hosts.open(&err))
        if (const auto profile = hosts.get(host)) {
          remote::SshHost ssh(*profile);
          auto gpuHost = deploy::remoteGpuHost(ssh);
          sched::DeviceGraph graph;
          if (!gpuHost->inventory(&graph, &err)) {
            add(QStringLiteral("deploy.host"), QStringLiteral("%1: cannot read its GPUs (step: nvidia-smi): %2").arg(host, err));
          } else {
            const auto leases = gpuHost->leases(&err);
            const auto leased = leases ? deploy::GpuHost::leasedMemory(*leases) : QMap<QString, sched::LeasedMemory>{};
            const qint64 params = parameterCount(*config);
            for (const QString& m : r.deployedModels()) {
              sched::PlanRequest req;
              bool numeric = false;
              const int count = r.deploy.value(QStringLiteral("gpus")).toString().toInt(&numeric);
              req.count = tp > 0 ? tp : (numeric && count > 0 ? count : 1);
              if (r.deploy.value(QStringLiteral("memory")).toDouble() > 0) req.budgetBytes = static_cast<qint64>(r.deploy.value(QStringLiteral("memory")).toDouble() * (1LL << 30));
              if (r.deploy.value(QStringLiteral("gpu_memory_utilization")).toDouble() > 0) req.fraction = r.deploy.value(QStringLiteral("gpu_memory_utilization")).toDouble();
              deploy::ModelFacts f = *facts;
              const Variant* v = r.variant(m);
              f.weightBytes = v ? static_cast<qint64>(params * v->bits() / 8.0 * 1.07) : (facts->weightBytes > 0 ? facts->weightBytes : params * 2);
              req.model = f.shape(r.deploy.value(QStringLiteral("max_model_len")).toInt());
              const sched::PlanResult pr = sched::plan(graph, leased, req);
              if (!pr.ok) add(QStringLiteral("deploy.models"), QStringLiteral("%1 on %2: %3").arg(m, host, pr.error));
            }
          }
        }
    }
    const deploy::DeploymentStore store;
    for (const QString& m : r.deployedModels()) {
      const QString name = r.name + QLatin1Char('-') + m;
      if (const auto d = store.load(name); d && d->active())
        add(QStringLiteral("deploy.models"), QStringLiteral("a deployment named %1 is already %2 on %3: stop it (ct deploy stop %1) or rename the recipe").arg(name, d->state, d->host), true);
    }
  }

  // The scoring.
  const QString fw = r.evaluate.value(QStringLiteral("framework")).toString(QStringLiteral("native"));
  QStringList tasks;
  for (const QJsonValue t : r.evaluate.value(QStringLiteral("tasks")).toArray()) tasks << t.toString();
  if (!r.evaluatedModels().isEmpty() && tasks.isEmpty()) add(QStringLiteral("evaluate.tasks"), QStringLiteral("no tasks: name some (ct eval --list), or set evaluate.models to none"));
  if (fw == QLatin1String("native") && !tasks.isEmpty()) {
    QString err;
    const auto names = eval::expandTaskNames(tasks, &err);
    if (!names) add(QStringLiteral("evaluate.tasks"), err);
    else {
      eval::LoadOptions lo;
      lo.dataDir = r.evaluate.value(QStringLiteral("data_dir")).toString(o.evalDataDir);
      // Missing data summed up per family: 52 missing mmlu subjects are one problem, not 52.
      QMap<QString, QStringList> missing;
      QMap<QString, QString> firstError;
      QMap<QString, int> total;
      for (const QString& t : *names) {
        const eval::TaskSpec* spec = eval::findTask(t);
        if (!spec || spec->family == QLatin1String("demo")) continue;
        total[spec->family] += 1;
        eval::ReadError re;
        if (!eval::loadTask(*spec, lo, &re)) {
          missing[spec->family] << t;
          if (!firstError.contains(spec->family)) firstError.insert(spec->family, re.describe());
        }
      }
      for (auto it = missing.begin(); it != missing.end(); ++it) {
        if (it->size() == 1) add(QStringLiteral("evaluate.tasks"), QStringLiteral("%1: its data is missing or unreadable: %2 (set evaluate.data_dir)").arg(it->first(), firstError.value(it.key())));
        else
          add(QStringLiteral("evaluate.tasks"), QStringLiteral("%1 of %2 %3 tasks have no data in %4 (%5, …; first: %6): name the tasks you have data for, or set evaluate.data_dir")
                                                    .arg(it->size()).arg(total.value(it.key())).arg(it.key(), lo.dataDir, it->mid(0, 3).join(QStringLiteral(", ")), firstError.value(it.key())));
      }
    }
  } else if (fw != QLatin1String("native") && r.evaluate.value(QStringLiteral("run_on")).toString().isEmpty()) {
    const QString program = fw == QLatin1String("lm-eval") ? QStringLiteral("lm_eval") : QStringLiteral("evalplus.evaluate");
    if (QStandardPaths::findExecutable(program).isEmpty())
      add(QStringLiteral("evaluate.run_on"), QStringLiteral("%1 is not installed here: run it on a GPU host (evaluate.run_on) or use the native framework").arg(program));
  }
  // Scoring on this machine's CPU: fine for small models, hours for large ones.
  if (config) {
    const qint64 params = parameterCount(*config);
    for (const QString& m : r.evaluatedModels())
      if (m != QLatin1String("board") && !r.deployedModels().contains(m) && params > 2'000'000'000LL)
        add(QStringLiteral("evaluate.models"), QStringLiteral("%1 is scored through a service on this machine's CPU (%2 B parameters: expect hours); deploy it on a GPU host (deploy.models) or leave it out").arg(m).arg(params / 1e9, 0, 'f', 1), true);
  }
  return out;
}

}  // namespace ct::pipeline
