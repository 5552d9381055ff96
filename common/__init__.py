"""What the processes share that is not a business rule: the settings' defaults
(``defaults``) and the HTTP helpers of the back end and the console (``http``)."""
