#pragma once
#include <QDialog>

#include "remote/host_profile.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace ct::ui {

// Add or edit a GPU host profile: destination (host, address or ssh_config alias), port, user,
// key, jump host, work folder, known_hosts, ssh config file, tool paths. A key's passphrase is
// asked for only to remember it in the OS keychain (after a connection test shows it works);
// otherwise passphrase-protected keys are used through ssh-agent.
class HostDialog : public QDialog {
  Q_OBJECT
 public:
  explicit HostDialog(QWidget* parent = nullptr);
  void setProfile(const remote::HostProfile& p, bool editing);
  remote::HostProfile profile() const;
  // Empty when the form describes a valid profile; else what is wrong (shown in the dialog).
  QString problem() const;
  bool rememberPassphrase() const;
  QString passphrase() const;
  void accept() override;

 private:
  QLineEdit* name_;
  QLineEdit* dest_;
  QSpinBox* port_;
  QLineEdit* user_;
  QLineEdit* identity_;
  QLineEdit* jump_;
  QLineEdit* workdir_;
  QLineEdit* knownHosts_;
  QLineEdit* sshConfig_;
  QPlainTextEdit* tools_;
  QCheckBox* remember_;
  QLineEdit* passphrase_;
  QLabel* error_;
  remote::HostProfile base_;
};

}  // namespace ct::ui
