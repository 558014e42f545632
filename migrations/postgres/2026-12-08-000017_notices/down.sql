DROP TABLE notice_recipients;
DROP TABLE notices;
