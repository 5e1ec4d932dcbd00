#include "widgets/host_choice.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QSignalBlocker>

#include "remote/host_store.h"
#include "util/paths.h"

namespace ct::ui {

void fillHostChoices(QComboBox* combo) {
  const QString chosen = combo->currentData().toString();
  const QSignalBlocker block(combo);
  combo->clear();
  combo->addItem(QString(), QString());
  remote::HostStore store(paths::jobsDatabase());
  QString error;
  if (store.open(&error))
    for (const remote::HostProfile& h : store.list()) combo->addItem(h.name, h.name);
  combo->setCurrentIndex(qMax(0, combo->findData(chosen)));
  combo->setEnabled(combo->count() > 1);
  retranslateHostChoices(combo);
}

void retranslateHostChoices(QComboBox* combo) {
  if (combo->count() > 0) combo->setItemText(0, QCoreApplication::translate("ct::ui::HostChoice", "This machine"));
  combo->setToolTip(combo->isEnabled() ? QString() : QCoreApplication::translate("ct::ui::HostChoice", "Add a GPU host on the GPU Hosts page to run there."));
}

}  // namespace ct::ui
