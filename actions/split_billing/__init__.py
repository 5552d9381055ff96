"""Split billing agreements in conversation: the employer adds them (``employer``),
lists and changes them (``changes``); the employee confirms one (``employee``)."""
