#include "remote/remote_job.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTimer>

namespace ct::remote {
namespace {

// The shell side of a remote job, sent as arguments of `sh -c` like every other command.
//
// START: creates the job folder (atomically: a second start of the same id fails), takes the
// environment from stdin, records argv and the start time, and starts the monitor in a session
// of its own, detached from the SSH session so that a dropped link cannot touch it. Then it
// becomes the follower (or, with no follower, waits for the pid and returns).
const char* const kStart = R"sh(m=$1; f=$2; d=$3; c=$4; shift 4
mkdir -p -- "${d%/*}" && mkdir -m 700 -- "$d" || { echo "ct-job: cannot create the job folder $d" >&2; exit 101; }
while IFS= read -r kv && [ -n "$kv" ]; do export "$kv"; done
for a in "$@"; do printf '%s\0' "$a"; done > "$d/argv"
date -u +%Y-%m-%dT%H:%M:%SZ > "$d/started"
: > "$d/log"
PYTHONUNBUFFERED=1 setsid sh -c "$m" ct-monitor "$d" "$c" "$@" < /dev/null > /dev/null 2>&1 &
if [ -n "$f" ]; then exec sh -c "$f" ct-follow "$d" 0; fi
i=0
while [ ! -s "$d/pid" ]; do i=$((i+1)); [ $i -le 2000 ] || { echo "ct-job: the job in $d never started" >&2; exit 105; }; sleep 0.005; done
echo "ct-job pid=$(cat "$d/pid") monitor=$(cat "$d/monitor")" >&2
)sh";

// MONITOR: runs the command as the leader of a new session and process group (its pid is the
// group id), output appended to the log, and writes the exit status when it ends.
const char* const kMonitor = R"sh(d=$1; shift
echo $$ > "$d/monitor.tmp" && mv -f "$d/monitor.tmp" "$d/monitor"
setsid sh -c 'echo $$ > "$0/pid.tmp" && mv -f "$0/pid.tmp" "$0/pid"; if [ -n "$1" ]; then cd -- "$1" || exit 126; fi; shift; exec "$@"' "$d" "$@" < /dev/null >> "$d/log" 2>&1 &
wait $!
s=$?
date -u +%Y-%m-%dT%H:%M:%SZ > "$d/ended"
echo "$s" > "$d/status.tmp" && mv -f "$d/status.tmp" "$d/status"
)sh";

// FOLLOW: the log from a byte offset until the monitor has ended (inotify-driven GNU tail), then
// the exit status and the log's final size on stderr.
const char* const kFollow = R"sh(d=$1; o=$2
[ -d "$d" ] || { echo "ct-job: no job folder $d" >&2; exit 104; }
i=0
while [ ! -s "$d/pid" ] || [ ! -s "$d/monitor" ]; do i=$((i+1)); [ $i -le 2000 ] || { echo "ct-job: the job in $d never started" >&2; exit 105; }; sleep 0.005; done
m=$(cat "$d/monitor")
echo "ct-job pid=$(cat "$d/pid") monitor=$m" >&2
if [ -e "$d/status" ]; then tail -c "+$((o+1))" -- "$d/log"
else tail -c "+$((o+1))" -s 0.02 --pid="$m" -f -- "$d/log"; fi
if [ -e "$d/status" ]; then s=$(cat "$d/status"); else s=lost; fi
echo "ct-job status=$s size=$(wc -c < "$d/log")" >&2
)sh";

// CANCEL: TERM to the group, a grace period, KILL, then wait until the group is empty.
const char* const kCancel = R"sh(d=$1; g=$2
[ -s "$d/pid" ] || { echo "no job in $d"; exit 3; }
p=$(cat "$d/pid")
kill -0 -$p 2>/dev/null || { echo "ended"; exit 0; }
kill -TERM -$p 2>/dev/null
i=0; while kill -0 -$p 2>/dev/null && [ $i -lt "$g" ]; do sleep 0.1; i=$((i+1)); done
if kill -0 -$p 2>/dev/null; then kill -KILL -$p 2>/dev/null; echo "killed after $((g/10)) s"; else echo "terminated"; fi
i=0; while kill -0 -$p 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
if kill -0 -$p 2>/dev/null; then echo "left: $(pgrep -g "$p" | tr '\n' ' ')"; exit 4; fi
echo "none left"
)sh";

const char* const kStatus = R"sh(d=$1
[ -d "$d" ] || { echo "missing"; exit 0; }
p=$(cat "$d/pid" 2>/dev/null)
printf 'pid=%s\nstatus=%s\nsize=%s\nstarted=%s\n' "$p" "$(cat "$d/status" 2>/dev/null)" "$(wc -c < "$d/log" 2>/dev/null)" "$(cat "$d/started" 2>/dev/null)"
[ -n "$p" ] && kill -0 -$p 2>/dev/null && echo running=yes
exit 0
)sh";

QString field(const QByteArray& text, const char* key) {
  const QRegularExpression re(QStringLiteral("(?:^|\\s)%1=(\\S*)").arg(QLatin1String(key)));
  return re.match(QString::fromUtf8(text)).captured(1);
}

void sleepMs(int ms) {
  QEventLoop loop;
  QTimer::singleShot(ms, &loop, &QEventLoop::quit);
  loop.exec();
}

}  // namespace

QJsonObject RemoteJobInfo::toJson() const {
  return {{QStringLiteral("dir"), dir}, {QStringLiteral("pid"), pid}, {QStringLiteral("monitor"), monitor}, {QStringLiteral("offset"), offset}};
}

RemoteJobInfo RemoteJobInfo::fromJson(const QJsonObject& o) {
  RemoteJobInfo i;
  i.dir = o.value(QStringLiteral("dir")).toString();
  i.pid = o.value(QStringLiteral("pid")).toInteger();
  i.monitor = o.value(QStringLiteral("monitor")).toInteger();
  i.offset = o.value(QStringLiteral("offset")).toInteger();
  return i;
}

QString RemoteJobRunner::jobDir(const HostProfile& p, const QString& id) {
  QString w = normalizeRemotePath(p.workdirOrDefault());
  while (w.size() > 1 && w.endsWith(QLatin1Char('/'))) w.chop(1);
  return w + QStringLiteral("/jobs/") + id;
}

static QByteArray envInput(const RemoteJobSpec& spec, QString* error) {
  static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
  QByteArray input;
  for (auto it = spec.env.begin(); it != spec.env.end(); ++it) {
    if (!name.match(it.key()).hasMatch() || it.value().contains(QLatin1Char('\n')) || it.value().contains(QChar(0))) {
      *error = QStringLiteral("environment variable %1 cannot be passed (bad name, or a newline in its value)").arg(it.key());
      return {};
    }
    input += it.key().toUtf8() + '=' + it.value().toUtf8() + '\n';
  }
  return input + '\n';
}

bool RemoteJobRunner::start(const QString& id, const RemoteJobSpec& spec, RemoteJobInfo& info, QString* error) {
  info.dir = jobDir(ssh_.profile(), id);
  ExecOptions o;
  o.input = envInput(spec, error);
  if (o.input.isEmpty()) return false;
  const ExecResult r = ssh_.exec(QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QString::fromLatin1(kStart), QStringLiteral("ct-job"), QString::fromLatin1(kMonitor), QString(), info.dir,
                                             spec.cwd} + spec.argv, o);
  if (!r.ok()) {
    *error = r.error();
    return false;
  }
  info.pid = field(r.err, "pid").toLongLong();
  info.monitor = field(r.err, "monitor").toLongLong();
  return info.pid > 0;
}

FollowOutcome RemoteJobRunner::run(const QString& id, const RemoteJobSpec& spec, RemoteJobInfo& info, const FollowCallbacks& cb,
                                   const std::function<void(const RemoteJobInfo&)>& started) {
  info.dir = jobDir(ssh_.profile(), id);
  info.offset = 0;
  return stream(info, cb, spec, started);
}

FollowOutcome RemoteJobRunner::follow(RemoteJobInfo& info, const FollowCallbacks& cb) { return stream(info, cb, std::nullopt, {}); }

FollowOutcome RemoteJobRunner::stream(RemoteJobInfo& info, const FollowCallbacks& cb, const std::optional<RemoteJobSpec>& startSpec,
                                      const std::function<void(const RemoteJobInfo&)>& started) {
  FollowOutcome out;
  bool starting = startSpec.has_value();
  bool announced = false;
  bool cancelSent = false;
  QString cancelReport;
  int backoffMs = 250;
  QElapsedTimer offline;
  QByteArray partial;

  auto feed = [&](const QByteArray& bytes, bool final) {
    partial += bytes;
    int from = 0, nl;
    bool any = false;
    while ((nl = static_cast<int>(partial.indexOf('\n', from))) >= 0) {
      const QByteArray line = partial.mid(from, nl - from);
      info.offset += nl - from + 1;
      from = nl + 1;
      any = true;
      if (cb.line) cb.line(line);
    }
    partial.remove(0, from);
    if (final && !partial.isEmpty()) {
      info.offset += partial.size();
      if (cb.line) cb.line(partial);
      partial.clear();
      any = true;
    }
    if (any && cb.progress) cb.progress(info);
  };
  auto requestCancel = [&] {
    if (cancelSent || !cb.cancelRequested || !cb.cancelRequested() || info.pid <= 0) return;
    cancelSent = true;
    QString report;
    if (cancel(info, cb.cancelGraceMs, &report)) cancelReport = report;
    else {
      cancelSent = false;  // try again on the next poll
      if (cb.notice) cb.notice(QStringLiteral("cancel did not reach %1 yet: %2").arg(ssh_.label(), report));
    }
  };

  while (true) {
    QString error;
    ExecOptions o;
    o.timeoutMs = 0;
    QStringList argv;
    if (starting) {
      o.input = envInput(*startSpec, &error);
      if (o.input.isEmpty()) {
        out.message = error;
        return out;
      }
      argv = QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QString::fromLatin1(kStart), QStringLiteral("ct-job"), QString::fromLatin1(kMonitor), QString::fromLatin1(kFollow),
                         info.dir, startSpec->cwd} + startSpec->argv;
    } else {
      argv = QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QString::fromLatin1(kFollow), QStringLiteral("ct-follow"), info.dir, QString::number(info.offset)};
    }
    partial.clear();
    QString status;
    qint64 finalSize = -1;
    QString jobError;
    bool detached = false;
    o.onStdout = [&](const QByteArray& b) { feed(b, false); };
    o.onStderrLine = [&](const QByteArray& l) {
      if (l.startsWith("ct-job pid=")) {
        info.pid = field(l, "pid").toLongLong();
        info.monitor = field(l, "monitor").toLongLong();
        if (!announced && started) started(info);
        announced = true;
        if (cb.progress) cb.progress(info);
      } else if (l.startsWith("ct-job status=")) {
        status = field(l, "status");
        finalSize = field(l, "size").toLongLong();
      } else if (l.startsWith("ct-job: ")) {
        jobError = QString::fromUtf8(l.mid(8));
      }
    };
    o.cancelled = [&] {
      requestCancel();
      if (cb.detachRequested && cb.detachRequested()) detached = true;
      return detached;
    };
    const ExecResult r = ssh_.exec(argv, o);
    if (detached) {
      out.end = FollowOutcome::End::Detached;
      return out;
    }
    if (!status.isEmpty() && status != QLatin1String("lost")) {
      // Whatever the follower did not deliver (a last line without a newline, bytes written
      // after tail's final read) is read once more from the offset.
      if (finalSize > info.offset + partial.size() || !partial.isEmpty()) {
        partial.clear();
        const ExecResult rest = ssh_.exec({QStringLiteral("tail"), QStringLiteral("-c"), QStringLiteral("+%1").arg(info.offset + 1), QStringLiteral("--"), info.dir + QStringLiteral("/log")});
        if (rest.ok()) feed(rest.out, true);
      }
      out.exitCode = status.toInt();
      out.end = cancelSent ? FollowOutcome::End::Cancelled : FollowOutcome::End::Exited;
      out.message = cancelReport;
      return out;
    }
    if (status == QLatin1String("lost")) {
      feed({}, true);
      out.end = FollowOutcome::End::Failed;
      out.message = QStringLiteral("the job's monitor on %1 ended without recording an exit status (was it killed?); the log is complete up to byte %2").arg(ssh_.label()).arg(info.offset);
      return out;
    }
    if (r.ran && (r.exitCode == 101 || r.exitCode == 104 || r.exitCode == 105)) {
      if (r.exitCode == 104 && !announced && !starting && startSpec) {
        starting = true;  // the link dropped before the job folder was made: start it now
        continue;
      }
      out.message = QStringLiteral("%1: %2").arg(ssh_.label(), jobError.isEmpty() ? r.error() : jobError);
      return out;
    }
    const QStringList connectSteps{QStringLiteral("resolve"), QStringLiteral("connect"), QStringLiteral("host key"), QStringLiteral("auth"), QStringLiteral("config"), QStringLiteral("command")};
    if (starting && !announced && !r.ran && connectSteps.contains(r.failure.step)) {
      out.message = r.error();  // never reached the host: nothing was started
      return out;
    }
    // The link dropped (or the master was killed): the job runs on; follow again from the offset.
    starting = false;
    if (!offline.isValid()) offline.start();
    if (cb.maxReconnectSeconds > 0 && offline.elapsed() > cb.maxReconnectSeconds * 1000LL) {
      out.end = FollowOutcome::End::Lost;
      out.message = QStringLiteral("lost the connection to %1 for %2 s: %3; the job may still be running there (ct jobs attach re-attaches)")
                        .arg(ssh_.label()).arg(cb.maxReconnectSeconds).arg(r.error());
      return out;
    }
    if (cb.notice)
      cb.notice(QStringLiteral("lost the link to %1 (%2); the job keeps running there; re-attaching from byte %3").arg(ssh_.label(), r.ran ? QStringLiteral("exit %1").arg(r.exitCode) : r.error()).arg(info.offset));
    for (int waited = 0; waited < backoffMs; waited += 100) {
      sleepMs(100);
      requestCancel();
      if (cb.detachRequested && cb.detachRequested()) {
        out.end = FollowOutcome::End::Detached;
        return out;
      }
    }
    backoffMs = std::min(backoffMs * 2, 10000);
    if (r.ran || ssh_.masterAlive()) offline.invalidate(), backoffMs = 250;
  }
}

bool RemoteJobRunner::cancel(const RemoteJobInfo& info, int graceMs, QString* report) {
  ExecOptions o;
  o.timeoutMs = graceMs + 15000;
  const ExecResult r = ssh_.script(kCancel, {info.dir, QString::number(std::max(1, graceMs / 100))}, o);
  const QString said = QString::fromUtf8(r.out).trimmed().section(QLatin1Char('\n'), -1);
  if (report) *report = r.ran ? said : r.error();
  return r.ran && (r.exitCode == 0);
}

std::optional<RemoteJobStatus> RemoteJobRunner::status(const RemoteJobInfo& info, QString* error) {
  const ExecResult r = ssh_.script(kStatus, {info.dir});
  if (!r.ok()) {
    if (error) *error = r.error();
    return std::nullopt;
  }
  RemoteJobStatus s;
  if (r.out.trimmed() == "missing") return s;
  s.exists = true;
  const QString text = QString::fromUtf8(r.out);
  auto value = [&](const QString& key) { return text.section(key + QLatin1Char('='), 1).section(QLatin1Char('\n'), 0, 0); };
  s.pid = value(QStringLiteral("pid")).toLongLong();
  bool ok = false;
  const int code = value(QStringLiteral("status")).toInt(&ok);
  if (ok) s.exitCode = code;
  s.logBytes = value(QStringLiteral("size")).toLongLong();
  s.started = value(QStringLiteral("started"));
  s.running = text.contains(QLatin1String("running=yes"));
  return s;
}

}  // namespace ct::remote
