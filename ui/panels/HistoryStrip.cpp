#include "panels/HistoryStrip.h"

#include "history/HistoryStore.h"

#include <QAction>
#include <QHBoxLayout>
#include <QListWidget>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

namespace muse::ui {

HistoryStrip::HistoryStrip(HistoryStore* store, QWidget* parent) : QWidget(parent), m_store(store)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_toolbar = new QWidget(this);
    auto* toolbarLayout = new QHBoxLayout(m_toolbar);
    toolbarLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_toolbar);
    m_list = new QListWidget(this);
    m_list->setViewMode(QListView::IconMode);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(false);
    m_list->setMovement(QListView::Static);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setIconSize(QSize(HistoryStore::kThumbnailSize, HistoryStore::kThumbnailSize));
    m_list->setSpacing(4);
    m_list->setMinimumHeight(HistoryStore::kThumbnailSize + 30);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_list->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    layout->addWidget(m_list, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &HistoryStrip::currentChanged);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { emit activated(m_list->row(item)); });
    connect(store, &HistoryStore::entryAdded, this, &HistoryStrip::insertEntry);
    connect(store, &HistoryStore::entryRemoved, this, [this](int index) { delete m_list->takeItem(index); });
    connect(store, &HistoryStore::entriesReset, this, &HistoryStrip::rebuild);
    rebuild();
}

int HistoryStrip::currentIndex() const { return m_list->currentRow(); }

void HistoryStrip::setCurrentIndex(int index) { m_list->setCurrentRow(index); }

int HistoryStrip::count() const { return m_list->count(); }

void HistoryStrip::setActions(const QList<QAction*>& actions)
{
    for (QAction* action : actions) {
        auto* button = new QToolButton(m_toolbar);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        m_toolbar->layout()->addWidget(button);
        m_list->addAction(action);
    }
    static_cast<QHBoxLayout*>(m_toolbar->layout())->addStretch(1);
}

void HistoryStrip::insertEntry(int index)
{
    const HistoryEntry* entry = m_store->entry(index);
    if (!entry)
        return;
    auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(entry->thumbnail)),
                                     QLocale().toString(entry->created.time(), QLocale::ShortFormat));
    QString tip = entry->prompt();
    if (tip.isEmpty())
        tip = tr("(no prompt)");
    tip += QStringLiteral("\n%1×%2 — %3").arg(entry->size.width()).arg(entry->size.height())
               .arg(QLocale().toString(entry->created, QLocale::ShortFormat));
    if (entry->path.isEmpty())
        tip += QLatin1Char('\n') + tr("Not saved to disk");
    item->setToolTip(tip);
    item->setSizeHint(QSize(HistoryStore::kThumbnailSize + 8, HistoryStore::kThumbnailSize + 8 + fontMetrics().height()));
    m_list->insertItem(index, item);
}

void HistoryStrip::rebuild()
{
    const int current = m_list->currentRow();
    m_list->blockSignals(true);
    m_list->clear();
    for (int i = 0; i < m_store->entries().size(); ++i)
        insertEntry(i);
    m_list->setCurrentRow(current < m_list->count() ? current : -1);
    m_list->blockSignals(false);
}

} // namespace muse::ui
