#pragma once
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

#include "remote/ssh_host.h"

namespace ct::remote {

// What a job is on the host: its folder (<workdir>/jobs/<id>/ holding argv, pid, monitor,
// started, log, status, ended), its process group, and how much of its log has been read.
struct RemoteJobInfo {
  QString dir;
  qint64 pid = 0;      // the command; also its process group and session id
  qint64 monitor = 0;  // the shell that waits for it and writes its exit status
  qint64 offset = 0;   // bytes of the log already read, always at the end of a whole line
  QJsonObject toJson() const;
  static RemoteJobInfo fromJson(const QJsonObject& o);
};

struct RemoteJobSpec {
  QStringList argv;
  QMap<QString, QString> env;  // sent over the connection, never on a command line or on disk
  QString cwd;                 // on the host; empty: the login's home folder
};

struct FollowCallbacks {
  std::function<void(const QByteArray& line)> line;  // each whole line of the job's log, once, in order
  std::function<void(const QString& message)> notice;  // the link dropped, re-attached, ...
  std::function<void(const RemoteJobInfo& info)> progress;  // after each batch of lines (persist the offset)
  std::function<bool()> cancelRequested;  // polled; true: end the remote process group
  std::function<bool()> detachRequested;  // polled; true: stop following, leave the job running
  int maxReconnectSeconds = 0;  // give up re-attaching after this long without a link (0: never)
  int cancelGraceMs = 5000;     // TERM → KILL
};

struct FollowOutcome {
  enum class End { Exited, Cancelled, Detached, Lost, Failed };
  End end = End::Failed;
  int exitCode = -1;   // the command's (128+N when a signal N ended it)
  QString message;     // for Cancelled: what the cancel found; for Lost/Failed: why
};

struct RemoteJobStatus {
  bool exists = false;
  bool running = false;     // something is left in its process group
  std::optional<int> exitCode;
  qint64 pid = 0, logBytes = 0;
  QString started;
};

// Runs commands on a host as jobs that outlive the SSH link: each in its own session and
// process group under a monitor shell that records its exit status; the log is followed from a
// byte offset, so a follower that reconnects loses and repeats nothing.
class RemoteJobRunner {
 public:
  explicit RemoteJobRunner(SshHost& ssh) : ssh_(ssh) {}

  static QString jobDir(const HostProfile& p, const QString& id);

  // Starts the job and follows it to its end in one round trip (the usual path). `started` is
  // called once the host reports its pid.
  FollowOutcome run(const QString& id, const RemoteJobSpec& spec, RemoteJobInfo& info, const FollowCallbacks& cb,
                    const std::function<void(const RemoteJobInfo&)>& started = {});
  // Starts it and returns once it runs (ct run --detach).
  bool start(const QString& id, const RemoteJobSpec& spec, RemoteJobInfo& info, QString* error);
  // Follows a job started earlier from info.offset (re-attach).
  FollowOutcome follow(RemoteJobInfo& info, const FollowCallbacks& cb);

  // TERM to the whole group, `graceMs`, then KILL; then checks that none of it is left.
  bool cancel(const RemoteJobInfo& info, int graceMs, QString* report);
  std::optional<RemoteJobStatus> status(const RemoteJobInfo& info, QString* error);

 private:
  FollowOutcome stream(RemoteJobInfo& info, const FollowCallbacks& cb, const std::optional<RemoteJobSpec>& startSpec,
                       const std::function<void(const RemoteJobInfo&)>& started);
  SshHost& ssh_;
};

}  // namespace ct::remote
