# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'preferences.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QTabWidget, QVBoxLayout, QWidget)

class Ui_PreferencesDialog(object):
    def setupUi(self, PreferencesDialog):
        if not PreferencesDialog.objectName():
            PreferencesDialog.setObjectName(u"PreferencesDialog")
        PreferencesDialog.resize(560, 400)
        self.dialogLayout = QVBoxLayout(PreferencesDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.pages = QTabWidget(PreferencesDialog)
        self.pages.setObjectName(u"pages")
        self.generalPage = QWidget()
        self.generalPage.setObjectName(u"generalPage")
        self.generalForm = QFormLayout(self.generalPage)
        self.generalForm.setObjectName(u"generalForm")
        self.generalForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.themeLabel = QLabel(self.generalPage)
        self.themeLabel.setObjectName(u"themeLabel")

        self.generalForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.themeLabel)

        self.themeCombo = QComboBox(self.generalPage)
        self.themeCombo.setObjectName(u"themeCombo")

        self.generalForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.themeCombo)

        self.themeNote = QLabel(self.generalPage)
        self.themeNote.setObjectName(u"themeNote")
        self.themeNote.setWordWrap(True)

        self.generalForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.themeNote)

        self.countryLabel = QLabel(self.generalPage)
        self.countryLabel.setObjectName(u"countryLabel")

        self.generalForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.countryLabel)

        self.countryEdit = QLineEdit(self.generalPage)
        self.countryEdit.setObjectName(u"countryEdit")

        self.generalForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.countryEdit)

        self.countryNote = QLabel(self.generalPage)
        self.countryNote.setObjectName(u"countryNote")
        self.countryNote.setWordWrap(True)

        self.generalForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.countryNote)

        self.dataKeptLabel = QLabel(self.generalPage)
        self.dataKeptLabel.setObjectName(u"dataKeptLabel")

        self.generalForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.dataKeptLabel)

        self.dataKeptCombo = QComboBox(self.generalPage)
        self.dataKeptCombo.setObjectName(u"dataKeptCombo")

        self.generalForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.dataKeptCombo)

        self.dataKeptNote = QLabel(self.generalPage)
        self.dataKeptNote.setObjectName(u"dataKeptNote")
        self.dataKeptNote.setWordWrap(True)

        self.generalForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.dataKeptNote)

        self.pages.addTab(self.generalPage, "")
        self.databasePage = QWidget()
        self.databasePage.setObjectName(u"databasePage")
        self.databaseForm = QFormLayout(self.databasePage)
        self.databaseForm.setObjectName(u"databaseForm")
        self.databaseForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.databaseUrlLabel = QLabel(self.databasePage)
        self.databaseUrlLabel.setObjectName(u"databaseUrlLabel")

        self.databaseForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.databaseUrlLabel)

        self.databaseUrlRow = QHBoxLayout()
        self.databaseUrlRow.setObjectName(u"databaseUrlRow")
        self.databaseUrlEdit = QLineEdit(self.databasePage)
        self.databaseUrlEdit.setObjectName(u"databaseUrlEdit")
        self.databaseUrlEdit.setClearButtonEnabled(True)

        self.databaseUrlRow.addWidget(self.databaseUrlEdit)

        self.testConnectionButton = QPushButton(self.databasePage)
        self.testConnectionButton.setObjectName(u"testConnectionButton")
        self.testConnectionButton.setAutoDefault(False)

        self.databaseUrlRow.addWidget(self.testConnectionButton)


        self.databaseForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.databaseUrlRow)

        self.databaseUrlNote = QLabel(self.databasePage)
        self.databaseUrlNote.setObjectName(u"databaseUrlNote")
        self.databaseUrlNote.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)
        self.databaseUrlNote.setWordWrap(True)

        self.databaseForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.databaseUrlNote)

        self.connectionResult = QLabel(self.databasePage)
        self.connectionResult.setObjectName(u"connectionResult")
        self.connectionResult.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)
        self.connectionResult.setWordWrap(True)
        self.connectionResult.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.databaseForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.connectionResult)

        self.backupsLabel = QLabel(self.databasePage)
        self.backupsLabel.setObjectName(u"backupsLabel")

        self.databaseForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.backupsLabel)

        self.backupsRow = QHBoxLayout()
        self.backupsRow.setObjectName(u"backupsRow")
        self.backupsDirEdit = QLineEdit(self.databasePage)
        self.backupsDirEdit.setObjectName(u"backupsDirEdit")
        self.backupsDirEdit.setClearButtonEnabled(True)

        self.backupsRow.addWidget(self.backupsDirEdit)

        self.openBackupsButton = QPushButton(self.databasePage)
        self.openBackupsButton.setObjectName(u"openBackupsButton")
        self.openBackupsButton.setAutoDefault(False)

        self.backupsRow.addWidget(self.openBackupsButton)


        self.databaseForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.backupsRow)

        self.backupsDirNote = QLabel(self.databasePage)
        self.backupsDirNote.setObjectName(u"backupsDirNote")
        self.backupsDirNote.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)
        self.backupsDirNote.setWordWrap(True)

        self.databaseForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.backupsDirNote)

        self.backupsValue = QLabel(self.databasePage)
        self.backupsValue.setObjectName(u"backupsValue")
        self.backupsValue.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)
        self.backupsValue.setWordWrap(True)
        self.backupsValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.databaseForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.backupsValue)

        self.pages.addTab(self.databasePage, "")
        self.telephonyPage = QWidget()
        self.telephonyPage.setObjectName(u"telephonyPage")
        self.telephonyForm = QFormLayout(self.telephonyPage)
        self.telephonyForm.setObjectName(u"telephonyForm")
        self.telephonyForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.telephonyConnectorLabel = QLabel(self.telephonyPage)
        self.telephonyConnectorLabel.setObjectName(u"telephonyConnectorLabel")

        self.telephonyForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.telephonyConnectorLabel)

        self.telephonyConnectorCombo = QComboBox(self.telephonyPage)
        self.telephonyConnectorCombo.setObjectName(u"telephonyConnectorCombo")

        self.telephonyForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.telephonyConnectorCombo)

        self.telephonyConnectorNote = QLabel(self.telephonyPage)
        self.telephonyConnectorNote.setObjectName(u"telephonyConnectorNote")
        self.telephonyConnectorNote.setWordWrap(True)

        self.telephonyForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.telephonyConnectorNote)

        self.sipListenLabel = QLabel(self.telephonyPage)
        self.sipListenLabel.setObjectName(u"sipListenLabel")

        self.telephonyForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.sipListenLabel)

        self.sipListenEdit = QLineEdit(self.telephonyPage)
        self.sipListenEdit.setObjectName(u"sipListenEdit")

        self.telephonyForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.sipListenEdit)

        self.sipListenNote = QLabel(self.telephonyPage)
        self.sipListenNote.setObjectName(u"sipListenNote")
        self.sipListenNote.setWordWrap(True)

        self.telephonyForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.sipListenNote)

        self.sipRegistrarLabel = QLabel(self.telephonyPage)
        self.sipRegistrarLabel.setObjectName(u"sipRegistrarLabel")

        self.telephonyForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.sipRegistrarLabel)

        self.sipRegistrarEdit = QLineEdit(self.telephonyPage)
        self.sipRegistrarEdit.setObjectName(u"sipRegistrarEdit")

        self.telephonyForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.sipRegistrarEdit)

        self.sipRegistrarNote = QLabel(self.telephonyPage)
        self.sipRegistrarNote.setObjectName(u"sipRegistrarNote")
        self.sipRegistrarNote.setWordWrap(True)

        self.telephonyForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.sipRegistrarNote)

        self.sipUserLabel = QLabel(self.telephonyPage)
        self.sipUserLabel.setObjectName(u"sipUserLabel")

        self.telephonyForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.sipUserLabel)

        self.sipUserEdit = QLineEdit(self.telephonyPage)
        self.sipUserEdit.setObjectName(u"sipUserEdit")

        self.telephonyForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.sipUserEdit)

        self.sipUserNote = QLabel(self.telephonyPage)
        self.sipUserNote.setObjectName(u"sipUserNote")
        self.sipUserNote.setWordWrap(True)

        self.telephonyForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.sipUserNote)

        self.sipDomainLabel = QLabel(self.telephonyPage)
        self.sipDomainLabel.setObjectName(u"sipDomainLabel")

        self.telephonyForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.sipDomainLabel)

        self.sipDomainEdit = QLineEdit(self.telephonyPage)
        self.sipDomainEdit.setObjectName(u"sipDomainEdit")

        self.telephonyForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.sipDomainEdit)

        self.sipDomainNote = QLabel(self.telephonyPage)
        self.sipDomainNote.setObjectName(u"sipDomainNote")
        self.sipDomainNote.setWordWrap(True)

        self.telephonyForm.setWidget(9, QFormLayout.ItemRole.FieldRole, self.sipDomainNote)

        self.sipTransportLabel = QLabel(self.telephonyPage)
        self.sipTransportLabel.setObjectName(u"sipTransportLabel")

        self.telephonyForm.setWidget(10, QFormLayout.ItemRole.LabelRole, self.sipTransportLabel)

        self.sipTransportCombo = QComboBox(self.telephonyPage)
        self.sipTransportCombo.setObjectName(u"sipTransportCombo")

        self.telephonyForm.setWidget(10, QFormLayout.ItemRole.FieldRole, self.sipTransportCombo)

        self.sipTransportNote = QLabel(self.telephonyPage)
        self.sipTransportNote.setObjectName(u"sipTransportNote")
        self.sipTransportNote.setWordWrap(True)

        self.telephonyForm.setWidget(11, QFormLayout.ItemRole.FieldRole, self.sipTransportNote)

        self.sipQueueHeaderLabel = QLabel(self.telephonyPage)
        self.sipQueueHeaderLabel.setObjectName(u"sipQueueHeaderLabel")

        self.telephonyForm.setWidget(12, QFormLayout.ItemRole.LabelRole, self.sipQueueHeaderLabel)

        self.sipQueueHeaderEdit = QLineEdit(self.telephonyPage)
        self.sipQueueHeaderEdit.setObjectName(u"sipQueueHeaderEdit")

        self.telephonyForm.setWidget(12, QFormLayout.ItemRole.FieldRole, self.sipQueueHeaderEdit)

        self.sipQueueHeaderNote = QLabel(self.telephonyPage)
        self.sipQueueHeaderNote.setObjectName(u"sipQueueHeaderNote")
        self.sipQueueHeaderNote.setWordWrap(True)

        self.telephonyForm.setWidget(13, QFormLayout.ItemRole.FieldRole, self.sipQueueHeaderNote)

        self.sipAttributePrefixLabel = QLabel(self.telephonyPage)
        self.sipAttributePrefixLabel.setObjectName(u"sipAttributePrefixLabel")

        self.telephonyForm.setWidget(14, QFormLayout.ItemRole.LabelRole, self.sipAttributePrefixLabel)

        self.sipAttributePrefixEdit = QLineEdit(self.telephonyPage)
        self.sipAttributePrefixEdit.setObjectName(u"sipAttributePrefixEdit")

        self.telephonyForm.setWidget(14, QFormLayout.ItemRole.FieldRole, self.sipAttributePrefixEdit)

        self.sipAttributePrefixNote = QLabel(self.telephonyPage)
        self.sipAttributePrefixNote.setObjectName(u"sipAttributePrefixNote")
        self.sipAttributePrefixNote.setWordWrap(True)

        self.telephonyForm.setWidget(15, QFormLayout.ItemRole.FieldRole, self.sipAttributePrefixNote)

        self.sipAutoAnswerCheck = QCheckBox(self.telephonyPage)
        self.sipAutoAnswerCheck.setObjectName(u"sipAutoAnswerCheck")

        self.telephonyForm.setWidget(16, QFormLayout.ItemRole.FieldRole, self.sipAutoAnswerCheck)

        self.sipAutoAnswerNote = QLabel(self.telephonyPage)
        self.sipAutoAnswerNote.setObjectName(u"sipAutoAnswerNote")
        self.sipAutoAnswerNote.setWordWrap(True)

        self.telephonyForm.setWidget(17, QFormLayout.ItemRole.FieldRole, self.sipAutoAnswerNote)

        self.sipPasswordLabel = QLabel(self.telephonyPage)
        self.sipPasswordLabel.setObjectName(u"sipPasswordLabel")

        self.telephonyForm.setWidget(18, QFormLayout.ItemRole.LabelRole, self.sipPasswordLabel)

        self.sipPasswordValue = QLabel(self.telephonyPage)
        self.sipPasswordValue.setObjectName(u"sipPasswordValue")
        self.sipPasswordValue.setWordWrap(True)
        self.sipPasswordValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.telephonyForm.setWidget(18, QFormLayout.ItemRole.FieldRole, self.sipPasswordValue)

        self.pages.addTab(self.telephonyPage, "")
        self.loggingPage = QWidget()
        self.loggingPage.setObjectName(u"loggingPage")
        self.loggingForm = QFormLayout(self.loggingPage)
        self.loggingForm.setObjectName(u"loggingForm")
        self.loggingForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.logLevelLabel = QLabel(self.loggingPage)
        self.logLevelLabel.setObjectName(u"logLevelLabel")

        self.loggingForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.logLevelLabel)

        self.logLevelCombo = QComboBox(self.loggingPage)
        self.logLevelCombo.setObjectName(u"logLevelCombo")

        self.loggingForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.logLevelCombo)

        self.logLevelNote = QLabel(self.loggingPage)
        self.logLevelNote.setObjectName(u"logLevelNote")
        self.logLevelNote.setWordWrap(True)

        self.loggingForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.logLevelNote)

        self.logLevelValue = QLabel(self.loggingPage)
        self.logLevelValue.setObjectName(u"logLevelValue")
        self.logLevelValue.setWordWrap(True)

        self.loggingForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.logLevelValue)

        self.logFileLabel = QLabel(self.loggingPage)
        self.logFileLabel.setObjectName(u"logFileLabel")

        self.loggingForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.logFileLabel)

        self.logFileValue = QLabel(self.loggingPage)
        self.logFileValue.setObjectName(u"logFileValue")
        self.logFileValue.setWordWrap(True)
        self.logFileValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.loggingForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.logFileValue)

        self.openLogFolderButton = QPushButton(self.loggingPage)
        self.openLogFolderButton.setObjectName(u"openLogFolderButton")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.openLogFolderButton.sizePolicy().hasHeightForWidth())
        self.openLogFolderButton.setSizePolicy(sizePolicy)
        self.openLogFolderButton.setAutoDefault(False)

        self.loggingForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.openLogFolderButton)

        self.pages.addTab(self.loggingPage, "")

        self.dialogLayout.addWidget(self.pages)

        self.restartNote = QLabel(PreferencesDialog)
        self.restartNote.setObjectName(u"restartNote")
        self.restartNote.setWordWrap(True)

        self.dialogLayout.addWidget(self.restartNote)

        self.buttonBox = QDialogButtonBox(PreferencesDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Apply|QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.themeLabel.setBuddy(self.themeCombo)
        self.countryLabel.setBuddy(self.countryEdit)
        self.dataKeptLabel.setBuddy(self.dataKeptCombo)
        self.databaseUrlLabel.setBuddy(self.databaseUrlEdit)
        self.backupsLabel.setBuddy(self.backupsDirEdit)
        self.telephonyConnectorLabel.setBuddy(self.telephonyConnectorCombo)
        self.sipListenLabel.setBuddy(self.sipListenEdit)
        self.sipRegistrarLabel.setBuddy(self.sipRegistrarEdit)
        self.sipUserLabel.setBuddy(self.sipUserEdit)
        self.sipDomainLabel.setBuddy(self.sipDomainEdit)
        self.sipTransportLabel.setBuddy(self.sipTransportCombo)
        self.sipQueueHeaderLabel.setBuddy(self.sipQueueHeaderEdit)
        self.sipAttributePrefixLabel.setBuddy(self.sipAttributePrefixEdit)
        self.logLevelLabel.setBuddy(self.logLevelCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.pages, self.themeCombo)
        QWidget.setTabOrder(self.themeCombo, self.countryEdit)
        QWidget.setTabOrder(self.countryEdit, self.dataKeptCombo)
        QWidget.setTabOrder(self.dataKeptCombo, self.databaseUrlEdit)
        QWidget.setTabOrder(self.databaseUrlEdit, self.testConnectionButton)
        QWidget.setTabOrder(self.testConnectionButton, self.backupsDirEdit)
        QWidget.setTabOrder(self.backupsDirEdit, self.openBackupsButton)
        QWidget.setTabOrder(self.openBackupsButton, self.telephonyConnectorCombo)
        QWidget.setTabOrder(self.telephonyConnectorCombo, self.sipListenEdit)
        QWidget.setTabOrder(self.sipListenEdit, self.sipRegistrarEdit)
        QWidget.setTabOrder(self.sipRegistrarEdit, self.sipUserEdit)
        QWidget.setTabOrder(self.sipUserEdit, self.sipDomainEdit)
        QWidget.setTabOrder(self.sipDomainEdit, self.sipTransportCombo)
        QWidget.setTabOrder(self.sipTransportCombo, self.sipQueueHeaderEdit)
        QWidget.setTabOrder(self.sipQueueHeaderEdit, self.sipAttributePrefixEdit)
        QWidget.setTabOrder(self.sipAttributePrefixEdit, self.sipAutoAnswerCheck)
        QWidget.setTabOrder(self.sipAutoAnswerCheck, self.logLevelCombo)
        QWidget.setTabOrder(self.logLevelCombo, self.openLogFolderButton)

        self.retranslateUi(PreferencesDialog)

        self.pages.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(PreferencesDialog)
    # setupUi

    def retranslateUi(self, PreferencesDialog):
        PreferencesDialog.setWindowTitle(QCoreApplication.translate("PreferencesDialog", u"Preferences", None))
#if QT_CONFIG(accessibility)
        self.pages.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Preference pages", None))
#endif // QT_CONFIG(accessibility)
        self.themeLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Theme:", None))
#if QT_CONFIG(tooltip)
        self.themeCombo.setToolTip(QCoreApplication.translate("PreferencesDialog", u"Light or dark colours; System follows the desktop's choice", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.themeCombo.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Theme", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.themeCombo.setAccessibleDescription(QCoreApplication.translate("PreferencesDialog", u"Applies at once", None))
#endif // QT_CONFIG(accessibility)
        self.countryLabel.setText(QCoreApplication.translate("PreferencesDialog", u"Default phone &country:", None))
#if QT_CONFIG(tooltip)
        self.countryEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The country phone numbers without a +country code are read in: a two-letter code such as US, DE or GB", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.countryEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Default phone country", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.countryEdit.setAccessibleDescription(QCoreApplication.translate("PreferencesDialog", u"A two-letter country code such as US, DE or GB", None))
#endif // QT_CONFIG(accessibility)
        self.countryEdit.setPlaceholderText(QCoreApplication.translate("PreferencesDialog", u"US", None))
        self.dataKeptLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Data tab keeps values:", None))
#if QT_CONFIG(tooltip)
        self.dataKeptCombo.setToolTip(QCoreApplication.translate("PreferencesDialog", u"How long the overlay's Data tab keeps what flows sent for a contact", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.dataKeptCombo.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"How long the Data tab keeps values", None))
#endif // QT_CONFIG(accessibility)
        self.pages.setTabText(self.pages.indexOf(self.generalPage), QCoreApplication.translate("PreferencesDialog", u"&General", None))
        self.databaseUrlLabel.setText(QCoreApplication.translate("PreferencesDialog", u"Database &URL:", None))
#if QT_CONFIG(tooltip)
        self.databaseUrlEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"Any SQLAlchemy URL, such as postgresql+psycopg://cti@db.example/cti; empty: the database on this PC", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.databaseUrlEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Database URL", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.databaseUrlEdit.setAccessibleDescription(QCoreApplication.translate("PreferencesDialog", u"Empty for the database on this PC", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.testConnectionButton.setToolTip(QCoreApplication.translate("PreferencesDialog", u"Check that CTI Desktop can use the database at this URL, without changing it", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.testConnectionButton.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Test the connection to the database", None))
#endif // QT_CONFIG(accessibility)
        self.testConnectionButton.setText(QCoreApplication.translate("PreferencesDialog", u"&Test Connection", None))
        self.backupsLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Backups folder:", None))
#if QT_CONFIG(tooltip)
        self.backupsDirEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The folder the backup made before each schema upgrade goes to (a full path); empty: beside the database", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.backupsDirEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Backups folder", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.backupsDirEdit.setAccessibleDescription(QCoreApplication.translate("PreferencesDialog", u"A full path; empty for beside the database", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.openBackupsButton.setToolTip(QCoreApplication.translate("PreferencesDialog", u"Open the folder the backups made before schema upgrades are kept in", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.openBackupsButton.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Open the backups folder", None))
#endif // QT_CONFIG(accessibility)
        self.openBackupsButton.setText(QCoreApplication.translate("PreferencesDialog", u"Open &Backups Folder", None))
        self.pages.setTabText(self.pages.indexOf(self.databasePage), QCoreApplication.translate("PreferencesDialog", u"&Database", None))
        self.telephonyConnectorLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Telephony:", None))
#if QT_CONFIG(tooltip)
        self.telephonyConnectorCombo.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The simulator, or the SIP phone that takes real calls from the phone system", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.telephonyConnectorCombo.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Telephony connector", None))
#endif // QT_CONFIG(accessibility)
        self.sipListenLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Listen on:", None))
#if QT_CONFIG(tooltip)
        self.sipListenEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The address and port the phone listens on for SIP, such as 0.0.0.0:5060", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.sipListenEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"SIP listen address", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sipListenEdit.setAccessibleDescription(QCoreApplication.translate("PreferencesDialog", u"An address and port, such as 0.0.0.0:5060", None))
#endif // QT_CONFIG(accessibility)
        self.sipListenEdit.setPlaceholderText(QCoreApplication.translate("PreferencesDialog", u"0.0.0.0:5060", None))
        self.sipRegistrarLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Registrar:", None))
#if QT_CONFIG(tooltip)
        self.sipRegistrarEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The PBX the phone registers with, such as sip:pbx.example.com; empty: no registration", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.sipRegistrarEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"SIP registrar", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sipRegistrarEdit.setAccessibleDescription(QCoreApplication.translate("PreferencesDialog", u"Empty for no registration", None))
#endif // QT_CONFIG(accessibility)
        self.sipRegistrarEdit.setPlaceholderText(QCoreApplication.translate("PreferencesDialog", u"sip:pbx.example.com", None))
        self.sipUserLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&User:", None))
#if QT_CONFIG(tooltip)
        self.sipUserEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The extension or SIP user the agent registers as, such as agent1001", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.sipUserEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"SIP user", None))
#endif // QT_CONFIG(accessibility)
        self.sipUserEdit.setPlaceholderText(QCoreApplication.translate("PreferencesDialog", u"agent1001", None))
        self.sipDomainLabel.setText(QCoreApplication.translate("PreferencesDialog", u"D&omain:", None))
#if QT_CONFIG(tooltip)
        self.sipDomainEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The SIP domain; empty: the registrar's", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.sipDomainEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"SIP domain", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sipDomainEdit.setAccessibleDescription(QCoreApplication.translate("PreferencesDialog", u"Empty for the registrar's domain", None))
#endif // QT_CONFIG(accessibility)
        self.sipTransportLabel.setText(QCoreApplication.translate("PreferencesDialog", u"Tra&nsport:", None))
#if QT_CONFIG(tooltip)
        self.sipTransportCombo.setToolTip(QCoreApplication.translate("PreferencesDialog", u"How SIP travels to the PBX", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.sipTransportCombo.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"SIP transport", None))
#endif // QT_CONFIG(accessibility)
        self.sipQueueHeaderLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Queue header:", None))
#if QT_CONFIG(tooltip)
        self.sipQueueHeaderEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The SIP header the PBX puts the queue's name in", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.sipQueueHeaderEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Queue header", None))
#endif // QT_CONFIG(accessibility)
        self.sipQueueHeaderEdit.setPlaceholderText(QCoreApplication.translate("PreferencesDialog", u"X-Queue", None))
        self.sipAttributePrefixLabel.setText(QCoreApplication.translate("PreferencesDialog", u"&Attribute headers:", None))
#if QT_CONFIG(tooltip)
        self.sipAttributePrefixEdit.setToolTip(QCoreApplication.translate("PreferencesDialog", u"Headers starting with this become the contact's attributes: X-CTI-caseNumber becomes caseNumber", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.sipAttributePrefixEdit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Attribute header prefix", None))
#endif // QT_CONFIG(accessibility)
        self.sipAttributePrefixEdit.setPlaceholderText(QCoreApplication.translate("PreferencesDialog", u"X-CTI-", None))
#if QT_CONFIG(tooltip)
        self.sipAutoAnswerCheck.setToolTip(QCoreApplication.translate("PreferencesDialog", u"Answer every offered call at once, without Accept", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.sipAutoAnswerCheck.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Answer calls automatically", None))
#endif // QT_CONFIG(accessibility)
        self.sipAutoAnswerCheck.setText(QCoreApplication.translate("PreferencesDialog", u"Answer calls a&utomatically", None))
        self.sipPasswordLabel.setText(QCoreApplication.translate("PreferencesDialog", u"Password:", None))
        self.sipPasswordValue.setText(QCoreApplication.translate("PreferencesDialog", u"Kept in the system credential store, never in a file: Admin \u2192 Credentials, the credential named \"sip\" (kind Basic: the user name the registrar asks for and the password), or cti-desktop credentials set sip --kind basic --secret-stdin.", None))
        self.pages.setTabText(self.pages.indexOf(self.telephonyPage), QCoreApplication.translate("PreferencesDialog", u"Tele&phony", None))
        self.logLevelLabel.setText(QCoreApplication.translate("PreferencesDialog", u"Log &level:", None))
#if QT_CONFIG(tooltip)
        self.logLevelCombo.setToolTip(QCoreApplication.translate("PreferencesDialog", u"The log file records messages from this level up", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.logLevelCombo.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Log level", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.logLevelCombo.setAccessibleDescription(QCoreApplication.translate("PreferencesDialog", u"Applies at once", None))
#endif // QT_CONFIG(accessibility)
        self.logFileLabel.setText(QCoreApplication.translate("PreferencesDialog", u"Log file:", None))
#if QT_CONFIG(tooltip)
        self.openLogFolderButton.setToolTip(QCoreApplication.translate("PreferencesDialog", u"Open the folder the log files are written to", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.openLogFolderButton.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Open the log folder", None))
#endif // QT_CONFIG(accessibility)
        self.openLogFolderButton.setText(QCoreApplication.translate("PreferencesDialog", u"&Open Log Folder", None))
        self.pages.setTabText(self.pages.indexOf(self.loggingPage), QCoreApplication.translate("PreferencesDialog", u"&Logging", None))
    # retranslateUi

