#include "hosts/host_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "widgets/path_field.h"

namespace ct::ui {

HostDialog::HostDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("GPU host"));
  auto* form = new QFormLayout;
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("hostName"));
  name_->setPlaceholderText(tr("e.g. gpu1"));
  dest_ = new QLineEdit(this);
  dest_->setObjectName(QStringLiteral("hostDest"));
  dest_->setPlaceholderText(tr("host name, address, or an alias from ~/.ssh/config"));
  port_ = new QSpinBox(this);
  port_->setRange(0, 65535);
  port_->setSpecialValueText(tr("from the ssh config (22)"));
  user_ = new QLineEdit(this);
  user_->setPlaceholderText(tr("from the ssh config"));
  identity_ = makePathField(this, QStringLiteral("hostIdentity"), PathKind::OpenFile);
  identity_->setPlaceholderText(tr("from the ssh config or ssh-agent"));
  jump_ = new QLineEdit(this);
  jump_->setPlaceholderText(tr("[user@]host[:port], optional"));
  workdir_ = new QLineEdit(this);
  workdir_->setPlaceholderText(QStringLiteral("ct-studio"));
  knownHosts_ = makePathField(this, QStringLiteral("hostKnownHosts"), PathKind::OpenFile);
  knownHosts_->setPlaceholderText(tr("your own (~/.ssh/known_hosts)"));
  sshConfig_ = makePathField(this, QStringLiteral("hostSshConfig"), PathKind::OpenFile);
  sshConfig_->setPlaceholderText(tr("your own (~/.ssh/config)"));
  tools_ = new QPlainTextEdit(this);
  tools_->setPlaceholderText(tr("one per line, e.g. vllm=/opt/venv/bin/vllm (default: found on the host's PATH)"));
  tools_->setMaximumHeight(90);
  form->addRow(tr("Name"), name_);
  form->addRow(tr("SSH destination"), dest_);
  form->addRow(tr("Port"), port_);
  form->addRow(tr("User"), user_);
  form->addRow(tr("Key file"), identity_->parentWidget());
  form->addRow(tr("Jump host"), jump_);
  form->addRow(tr("Work folder on the host"), workdir_);
  form->addRow(tr("known_hosts file"), knownHosts_->parentWidget());
  form->addRow(tr("ssh config file"), sshConfig_->parentWidget());
  form->addRow(tr("Tool paths"), tools_);
  remember_ = new QCheckBox(tr("Remember passphrase"), this);
  remember_->setObjectName(QStringLiteral("hostRememberPassphrase"));
  passphrase_ = new QLineEdit(this);
  passphrase_->setObjectName(QStringLiteral("hostPassphrase"));
  passphrase_->setEchoMode(QLineEdit::Password);
  passphrase_->setPlaceholderText(tr("the key's passphrase, kept in the OS keychain"));
  passphrase_->setEnabled(false);
  connect(remember_, &QCheckBox::toggled, passphrase_, &QWidget::setEnabled);
  form->addRow(remember_, passphrase_);
  auto* note = new QLabel(tr("Keys with a passphrase are used through ssh-agent, or with Remember passphrase: the passphrase goes to the OS keychain "
                             "once a connection test has worked with it, and never into a file, a setting or a command line."), this);
  note->setWordWrap(true);
  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("hostError"));
  error_->setStyleSheet(QStringLiteral("color: #b00020"));
  error_->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &HostDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(note);
  layout->addWidget(error_);
  layout->addWidget(buttons);
  resize(560, 0);
}

void HostDialog::setProfile(const remote::HostProfile& p, bool editing) {
  base_ = p;
  name_->setText(p.name);
  name_->setReadOnly(editing);
  dest_->setText(p.dest);
  port_->setValue(p.port);
  user_->setText(p.user);
  identity_->setText(p.identity);
  jump_->setText(p.jump);
  workdir_->setText(p.workdir);
  knownHosts_->setText(p.knownHosts);
  sshConfig_->setText(p.sshConfig);
  remember_->setChecked(false);
  remember_->setText(p.rememberPassphrase ? tr("Remember a new passphrase (one is remembered)") : tr("Remember passphrase"));
  passphrase_->clear();
  QStringList lines;
  for (auto it = p.tools.begin(); it != p.tools.end(); ++it) lines << it.key() + QLatin1Char('=') + it.value();
  tools_->setPlainText(lines.join(QLatin1Char('\n')));
}

remote::HostProfile HostDialog::profile() const {
  remote::HostProfile p = base_;
  p.name = name_->text().trimmed();
  p.dest = dest_->text().trimmed();
  p.port = port_->value();
  p.user = user_->text().trimmed();
  p.identity = identity_->text().trimmed();
  p.jump = jump_->text().trimmed();
  p.workdir = remote::normalizeRemotePath(workdir_->text().trimmed());
  p.knownHosts = knownHosts_->text().trimmed();
  p.sshConfig = sshConfig_->text().trimmed();
  p.tools.clear();
  for (const QString& line : tools_->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    const int eq = static_cast<int>(line.indexOf(QLatin1Char('=')));
    if (eq > 0) p.tools.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    else p.tools.insert(line.trimmed(), QString());  // reported by validate()
  }
  return p;
}

QString HostDialog::problem() const {
  if (remember_->isChecked() && passphrase_->text().isEmpty()) return tr("Type the key's passphrase to remember it, or untick Remember passphrase.");
  return profile().validate();
}

bool HostDialog::rememberPassphrase() const { return remember_->isChecked() && !passphrase_->text().isEmpty(); }
QString HostDialog::passphrase() const { return remember_->isChecked() ? passphrase_->text() : QString(); }

void HostDialog::accept() {
  const QString why = problem();
  error_->setText(why);
  if (why.isEmpty()) QDialog::accept();
}

}  // namespace ct::ui
