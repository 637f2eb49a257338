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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QTabWidget,
    QVBoxLayout, QWidget)

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
        self.logLevelLabel.setBuddy(self.logLevelCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.pages, self.themeCombo)
        QWidget.setTabOrder(self.themeCombo, self.countryEdit)
        QWidget.setTabOrder(self.countryEdit, self.dataKeptCombo)
        QWidget.setTabOrder(self.dataKeptCombo, self.databaseUrlEdit)
        QWidget.setTabOrder(self.databaseUrlEdit, self.testConnectionButton)
        QWidget.setTabOrder(self.testConnectionButton, self.backupsDirEdit)
        QWidget.setTabOrder(self.backupsDirEdit, self.openBackupsButton)
        QWidget.setTabOrder(self.openBackupsButton, self.logLevelCombo)
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

