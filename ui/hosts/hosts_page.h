#pragma once
#include <QPointer>
#include <QWidget>

#include "remote/host_profile.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::ui {

// GPU hosts: the list with each host's status (configuring / connecting / available / failed
// with the reason), add / edit / remove, Test connection with every step shown as it happens
// (a `ct hosts test` child job), and the selected host's remote jobs and open tunnels.
class HostsPage : public QWidget {
  Q_OBJECT
 public:
  explicit HostsPage(jobs::JobManager* manager, QWidget* parent = nullptr);

  void reload();
  bool saveHost(const remote::HostProfile& p, bool replace, QString* error);  // what the dialog's OK does
  // `ct hosts test NAME`; a passphrase reaches it on stdin with the other secrets (never on its
  // command line) and is used for this test only, or kept in the keychain once it worked.
  jobs::Job* testConnection(const QString& name, const QString& passphrase = {}, bool remember = false);
  bool forgetPassphrase(const QString& name, QString* error);
  void select(const QString& name);
  QString selected() const;

  QTableWidget* hostTable() const { return hosts_; }
  QTableWidget* stepTable() const { return steps_; }
  QTableWidget* jobTable() const { return jobs_; }
  QTableWidget* tunnelTable() const { return tunnels_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void showSelected();
  void addOrEdit(bool editing);
  void removeSelected();
  void addStepRow(const QString& title, const QString& status, qint64 ms, const QString& detail, const QString& fix);
  QString statusText(const remote::HostProfile& p) const;

  jobs::JobManager* manager_;
  QTableWidget* hosts_;
  QTableWidget* steps_;
  QTableWidget* jobs_;
  QTableWidget* tunnels_;
  QPushButton* add_;
  QPushButton* edit_;
  QPushButton* remove_;
  QPushButton* test_;
  QPushButton* forget_;
  QLineEdit* passphrase_;
  QCheckBox* remember_;
  QLabel* stepsTitle_;
  QLabel* jobsTitle_;
  QLabel* tunnelsTitle_;
  QLabel* hint_;
  QPointer<jobs::Job> test_job_;
  QString testing_;  // host whose connection test runs
  QList<remote::HostProfile> profiles_;
};

}  // namespace ct::ui
