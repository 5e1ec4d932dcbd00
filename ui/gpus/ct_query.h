#pragma once
#include <QObject>
#include <QStringList>
#include <functional>

namespace ct::proc {
class Process;
struct ProcessResult;
}  // namespace ct::proc

namespace ct::ui {

// One short `ct ARGS --json` read (an inventory, a plan, the deployment list) run as a child
// through the process wrapper, off the GUI thread's time. Not a job: a page polling a host every
// few seconds would otherwise fill the job history. The signed-in session reaches the child on
// its stdin, as for jobs, so it is authorised the same way.
class CtQuery : public QObject {
  Q_OBJECT
 public:
  struct Reply {
    bool ok = false;
    QByteArray out;   // stdout
    QString error;    // stderr's last lines, or why the child did not run
  };
  explicit CtQuery(QObject* parent = nullptr);
  ~CtQuery() override;

  // A query still running is cancelled first; `done` runs on the GUI thread when it ends.
  void run(const QStringList& args, std::function<void(const Reply&)> done, int timeoutMs = 60000);
  bool isRunning() const;
  void cancel();

 private:
  proc::Process* process_ = nullptr;
  QByteArray out_;
  QStringList err_;
};

}  // namespace ct::ui
