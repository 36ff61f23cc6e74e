"""The small kit every page builds with, and that knows no page: error dialogs (`errors`), the UI language
(`i18n`), icons and the stylesheet (`resources`), remembered settings (`settings`), background jobs with a
progress bar and a cancel button (`tasks`) and shared widgets (`widgets`)."""
