#include "panels/ModelChooser.h"

#include "muse/ModelFolder.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace muse::ui {

namespace {

constexpr int kChooseItem = -1;

} // namespace

ModelChooser::ModelChooser(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    m_combo = new QComboBox(this);
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(16);
    m_combo->setToolTip(tr("The model that generates: the built-in one, or a folder in aMUSEd or Muse layout"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("Folder…"));
    browse->setToolTip(tr("Choose a model folder"));
    row->addWidget(m_combo, 1);
    row->addWidget(browse);
    layout->addLayout(row);
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(6);
    m_progress->hide();
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    connect(browse, &QToolButton::clicked, this, &ModelChooser::chooseFolder);
    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        const QVariant data = m_combo->itemData(index);
        if (data.toInt() == kChooseItem && data.typeId() == QMetaType::Int) {
            chooseFolder();
            return;
        }
        selectFolder(data.toString());
    });
    setRecentFolders({}, QString());
}

void ModelChooser::setRecentFolders(const QStringList& folders, const QString& current)
{
    m_current = current;
    m_combo->clear();
    m_combo->addItem(tr("Built-in default model"), QString());
    QStringList all = folders;
    if (!current.isEmpty() && !all.contains(current))
        all.prepend(current);
    for (const QString& folder : all) {
        if (folder.isEmpty())
            continue;
        m_combo->addItem(QDir(folder).dirName(), folder);
        m_combo->setItemData(m_combo->count() - 1, QDir::toNativeSeparators(folder), Qt::ToolTipRole);
    }
    m_combo->addItem(tr("Choose a folder…"), kChooseItem);
    m_combo->setCurrentIndex(std::max(0, m_combo->findData(current)));
}

QString ModelChooser::currentFolder() const { return m_current; }

void ModelChooser::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a model folder"), m_current);
    if (folder.isEmpty()) {
        m_combo->setCurrentIndex(std::max(0, m_combo->findData(m_current)));
        return;
    }
    const auto info = inspectModelFolder(folder.toStdString());
    if (!info) {
        QMessageBox::warning(this, tr("Not a model folder"),
                             tr("%1 is not a model folder in aMUSEd or Muse layout:\n%2")
                                 .arg(QDir::toNativeSeparators(folder), QString::fromStdString(info.status().message())));
        m_combo->setCurrentIndex(std::max(0, m_combo->findData(m_current)));
        return;
    }
    selectFolder(folder);
}

void ModelChooser::selectFolder(const QString& folder)
{
    m_current = folder;
    if (m_combo->findData(folder) < 0) {
        m_combo->insertItem(1, QDir(folder).dirName(), folder);
        m_combo->setItemData(1, folder, Qt::ToolTipRole);
    }
    m_combo->setCurrentIndex(m_combo->findData(folder));
    emit loadRequested(folder);
}

void ModelChooser::showLoading(const QString& folder)
{
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setStyleSheet(QString());
    m_status->setText(folder.isEmpty() ? tr("Loading the built-in model…")
                                       : tr("Loading %1…").arg(QDir::toNativeSeparators(folder)));
}

void ModelChooser::showProgress(int step, int totalSteps)
{
    if (totalSteps > 0) {
        m_progress->setRange(0, totalSteps);
        m_progress->setValue(step);
    }
}

void ModelChooser::showLoaded(const ModelDescription& model)
{
    m_progress->hide();
    m_status->setStyleSheet(QString());
    m_status->setText(describe(model));
}

void ModelChooser::showFailed(const QString& message)
{
    m_progress->hide();
    m_status->setStyleSheet(QStringLiteral("color: #d04040;"));
    m_status->setText(tr("No model: %1").arg(message));
}

QString ModelChooser::describe(const ModelDescription& model)
{
    const QString name = QString::fromStdString(model.name.empty() ? model.family : model.name);
    const double millions = model.parameterCount / 1e6;
    return tr("%1 — %2×%3 px, %4 px tokens, %5 M parameters, %6 %7")
        .arg(name)
        .arg(model.nativeWidth)
        .arg(model.nativeHeight)
        .arg(model.tokenSize)
        .arg(millions, 0, 'f', millions < 10 ? 2 : 0)
        .arg(QString::fromStdString(model.device), QString::fromLatin1(precisionName(model.precision)));
}

} // namespace muse::ui
