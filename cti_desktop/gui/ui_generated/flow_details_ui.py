# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'flow_details.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QFormLayout, QLabel, QListView, QListWidget,
    QListWidgetItem, QPlainTextEdit, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from cti_desktop.gui.designer.widgets import (HelpLabel, ProblemLabel, SectionTitle)

class Ui_FlowDetails(object):
    def setupUi(self, FlowDetails):
        if not FlowDetails.objectName():
            FlowDetails.setObjectName(u"FlowDetails")
        FlowDetails.resize(460, 520)
        self.detailsLayout = QVBoxLayout(FlowDetails)
        self.detailsLayout.setSpacing(6)
        self.detailsLayout.setObjectName(u"detailsLayout")
        self.detailsLayout.setContentsMargins(0, 0, 0, 0)
        self.flowHeading = QLabel(FlowDetails)
        self.flowHeading.setObjectName(u"flowHeading")
        self.flowHeading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.detailsLayout.addWidget(self.flowHeading)

        self.flowStatus = HelpLabel(FlowDetails)
        self.flowStatus.setObjectName(u"flowStatus")

        self.detailsLayout.addWidget(self.flowStatus)

        self.underHeading = QSpacerItem(0, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.detailsLayout.addItem(self.underHeading)

        self.settingsForm = QFormLayout()
        self.settingsForm.setObjectName(u"settingsForm")
        self.settingsForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.settingsForm.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.settingsForm.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.descriptionLabel = QLabel(FlowDetails)
        self.descriptionLabel.setObjectName(u"descriptionLabel")

        self.settingsForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.descriptionLabel)

        self.flowDescription = QPlainTextEdit(FlowDetails)
        self.flowDescription.setObjectName(u"flowDescription")
        self.flowDescription.setTabChangesFocus(True)

        self.settingsForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.flowDescription)

        self.sourceLabel = QLabel(FlowDetails)
        self.sourceLabel.setObjectName(u"sourceLabel")

        self.settingsForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.sourceLabel)

        self.flowSource = QComboBox(FlowDetails)
        self.flowSource.setObjectName(u"flowSource")

        self.settingsForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.flowSource)

        self.eventLabel = QLabel(FlowDetails)
        self.eventLabel.setObjectName(u"eventLabel")

        self.settingsForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.eventLabel)

        self.eventColumn = QVBoxLayout()
        self.eventColumn.setSpacing(2)
        self.eventColumn.setObjectName(u"eventColumn")
        self.flowEvent = QComboBox(FlowDetails)
        self.flowEvent.setObjectName(u"flowEvent")

        self.eventColumn.addWidget(self.flowEvent)

        self.flowEventHelp = HelpLabel(FlowDetails)
        self.flowEventHelp.setObjectName(u"flowEventHelp")

        self.eventColumn.addWidget(self.flowEventHelp)


        self.settingsForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.eventColumn)

        self.activeLabel = QLabel(FlowDetails)
        self.activeLabel.setObjectName(u"activeLabel")

        self.settingsForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.activeLabel)

        self.activeColumn = QVBoxLayout()
        self.activeColumn.setSpacing(2)
        self.activeColumn.setObjectName(u"activeColumn")
        self.flowActive = QCheckBox(FlowDetails)
        self.flowActive.setObjectName(u"flowActive")

        self.activeColumn.addWidget(self.flowActive)

        self.flowUsedBy = HelpLabel(FlowDetails)
        self.flowUsedBy.setObjectName(u"flowUsedBy")

        self.activeColumn.addWidget(self.flowUsedBy)

        self.problem_settings = ProblemLabel(FlowDetails)
        self.problem_settings.setObjectName(u"problem_settings")

        self.activeColumn.addWidget(self.problem_settings)


        self.settingsForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.activeColumn)


        self.detailsLayout.addLayout(self.settingsForm)

        self.aboveProblems = QSpacerItem(0, 6, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.detailsLayout.addItem(self.aboveProblems)

        self.problemsTitle = SectionTitle(FlowDetails)
        self.problemsTitle.setObjectName(u"problemsTitle")

        self.detailsLayout.addWidget(self.problemsTitle)

        self.problemsSummary = QLabel(FlowDetails)
        self.problemsSummary.setObjectName(u"problemsSummary")
        self.problemsSummary.setWordWrap(True)

        self.detailsLayout.addWidget(self.problemsSummary)

        self.flowProblems = QListWidget(FlowDetails)
        self.flowProblems.setObjectName(u"flowProblems")
        self.flowProblems.setAlternatingRowColors(True)
        self.flowProblems.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.flowProblems.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.flowProblems.setResizeMode(QListView.ResizeMode.Adjust)
        self.flowProblems.setSpacing(2)
        self.flowProblems.setWordWrap(True)

        self.detailsLayout.addWidget(self.flowProblems)

        self.problemsFiller = QWidget(FlowDetails)
        self.problemsFiller.setObjectName(u"problemsFiller")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.problemsFiller.sizePolicy().hasHeightForWidth())
        self.problemsFiller.setSizePolicy(sizePolicy)

        self.detailsLayout.addWidget(self.problemsFiller)

        self.detailsLayout.setStretch(7, 1)
        self.detailsLayout.setStretch(8, 1)
#if QT_CONFIG(shortcut)
        self.descriptionLabel.setBuddy(self.flowDescription)
        self.sourceLabel.setBuddy(self.flowSource)
        self.eventLabel.setBuddy(self.flowEvent)
        self.activeLabel.setBuddy(self.flowActive)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.flowDescription, self.flowSource)
        QWidget.setTabOrder(self.flowSource, self.flowEvent)
        QWidget.setTabOrder(self.flowEvent, self.flowActive)
        QWidget.setTabOrder(self.flowActive, self.flowProblems)

        self.retranslateUi(FlowDetails)

        QMetaObject.connectSlotsByName(FlowDetails)
    # setupUi

    def retranslateUi(self, FlowDetails):
        self.flowHeading.setText(QCoreApplication.translate("FlowDetails", u"No flow selected", None))
        self.descriptionLabel.setText(QCoreApplication.translate("FlowDetails", u"&Description", None))
#if QT_CONFIG(accessibility)
        self.flowDescription.setAccessibleName(QCoreApplication.translate("FlowDetails", u"Description", None))
#endif // QT_CONFIG(accessibility)
        self.flowDescription.setPlaceholderText(QCoreApplication.translate("FlowDetails", u"What the flow does, for the people who maintain it", None))
        self.sourceLabel.setText(QCoreApplication.translate("FlowDetails", u"S&ource", None))
#if QT_CONFIG(tooltip)
        self.flowSource.setToolTip(QCoreApplication.translate("FlowDetails", u"What triggers the flow", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.flowSource.setAccessibleName(QCoreApplication.translate("FlowDetails", u"Source", None))
#endif // QT_CONFIG(accessibility)
        self.eventLabel.setText(QCoreApplication.translate("FlowDetails", u"E&vent", None))
#if QT_CONFIG(tooltip)
        self.flowEvent.setToolTip(QCoreApplication.translate("FlowDetails", u"The source's event the flow runs on", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.flowEvent.setAccessibleName(QCoreApplication.translate("FlowDetails", u"Event", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.flowActive.setAccessibleName(QCoreApplication.translate("FlowDetails", u"Active", None))
#endif // QT_CONFIG(accessibility)
        self.flowActive.setText(QCoreApplication.translate("FlowDetails", u"Active", None))
        self.problemsTitle.setText(QCoreApplication.translate("FlowDetails", u"Problems", None))
#if QT_CONFIG(accessibility)
        self.flowProblems.setAccessibleName(QCoreApplication.translate("FlowDetails", u"Validation problems", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

