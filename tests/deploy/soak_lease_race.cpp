// Soak, not in the default suite: two "workstations" (two processes, each with its own SSH master
// and its own ct state) take the same GPU lease on one host through SSH, round after round, and
// prove exclusivity on the host with O_EXCL marker files while they hold it.
//
//   soak_lease_race [ROUNDS]   (default 100 per workstation)
//
// Prints both workstations' rounds taken and refused and the double allocations (must be 0);
// exits 1 on any double allocation or failed round.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <cstdio>

#include "deploy_host.h"
#include "remote/ssh_host.h"

using namespace ct;
using namespace ct::test;

namespace {

// One round on the host: take the GPU and one of two ports, mark them O_EXCL, let go.
const char* const kRound = R"sh(ct=$1; dir=$2; f=$3; mark=$4; shift 4
rm -f "$f"
"$ct" lease hold --dir "$dir" --env-file "$f" "$@" > /dev/null 2>&1 &
h=$!
while [ ! -s "$f" ]; do kill -0 $h 2>/dev/null || break; sleep 0.01; done
CT_LEASE_ID=; CT_API_PORT=
[ -s "$f" ] && . "$f"
if [ -z "$CT_LEASE_ID" ]; then wait $h; echo "refused"; exit 0; fi
d=0; made=
for m in "$mark.gpu" "$mark.port$CT_API_PORT"; do
  if (set -C; : > "$m") 2>/dev/null; then made="$made $m"; else d=$((d+1)); fi
done
sleep 0.02
rm -f $made
kill $h; wait $h
echo "taken $d"
)sh";

int workstation(const QStringList& a) {
  // a: port identity known_hosts tools leaseDir markDir rounds name firstPort
  RemoteTestEnv env;
  env.applyToThisProcess();
  remote::HostProfile p;
  p.name = a[7];
  p.dest = QStringLiteral("127.0.0.1");
  p.port = a[0].toInt();
  p.user = QStringLiteral("root");
  p.identity = a[1];
  p.knownHosts = a[2];
  remote::SshHost ssh(p);
  const int rounds = a[6].toInt(), first = a[8].toInt();
  int taken = 0, refused = 0, doubles = 0, failed = 0;
  for (int i = 0; i < rounds; ++i) {
    const remote::ExecResult r = ssh.script(kRound, {a[3] + QStringLiteral("/ct"), a[4], env.path(QStringLiteral("lease.env")), a[5] + QStringLiteral("/held"),
                                                     QStringLiteral("--gpu"), QStringLiteral("GPU-race=80000/80000"), QStringLiteral("--ports"), QStringLiteral("1"),
                                                     QStringLiteral("--port-range"), QStringLiteral("%1-%2").arg(first).arg(first + 1), QStringLiteral("--app-user"), p.name});
    const QByteArray out = r.out.trimmed();
    if (!r.ok()) ++failed;
    else if (out == "refused") ++refused;
    else if (out.startsWith("taken ")) {
      ++taken;
      doubles += out.mid(6).toInt();
    } else ++failed;
  }
  std::printf("%d %d %d %d\n", taken, refused, doubles, failed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const QStringList args = app.arguments();
  if (args.value(1) == QLatin1String("--workstation")) return workstation(args.mid(2));
  const int rounds = args.size() > 1 ? args[1].toInt() : 100;
  DeployHost host;
  QString error;
  if (!host.start(&error, 20)) {
    std::fprintf(stderr, "host: %s\n", qPrintable(error));
    return 2;
  }
  const QString known = host.sshd->dir() + QStringLiteral("/known_hosts");
  const int first = DeployHost::freeRange(2, host.portFirst + 100);
  QElapsedTimer t;
  t.start();
  QProcess ws[2];
  for (int i = 0; i < 2; ++i)
    ws[i].start(app.applicationFilePath(), {QStringLiteral("--workstation"), QString::number(host.sshd->port()), host.sshd->userKey(), known, host.sshd->toolsDir(),
                                            host.leaseDir, host.scratch.path(), QString::number(rounds), QStringLiteral("ws%1").arg(i + 1), QString::number(first)});
  int totalDoubles = 0, totalFailed = 0, totalTaken = 0;
  for (int i = 0; i < 2; ++i) {
    if (!ws[i].waitForFinished(rounds * 2000 + 60000)) {
      ws[i].kill();
      ws[i].waitForFinished(5000);
    }
    const QList<QByteArray> n = ws[i].readAllStandardOutput().trimmed().split(' ');
    if (n.size() != 4) {
      std::printf("workstation %d: no result (%s)\n", i + 1, ws[i].readAllStandardError().constData());
      ++totalFailed;
      continue;
    }
    std::printf("workstation %d: %s rounds taken, %s refused (the other held it), %s double allocations, %s failed rounds\n", i + 1, n[0].constData(), n[1].constData(),
                n[2].constData(), n[3].constData());
    totalTaken += n[0].toInt();
    totalDoubles += n[2].toInt();
    totalFailed += n[3].toInt();
  }
  std::printf("%d rounds per workstation through SSH in %.1f s: %d taken, %d double allocations, %d failed\n", rounds, double(t.elapsed()) / 1000.0, totalTaken,
              totalDoubles, totalFailed);
  return totalDoubles == 0 && totalFailed == 0 && totalTaken > 0 ? 0 : 1;
}
