CREATE TABLE `client_requests` (
	`operator_id` text NOT NULL,
	`request_id` text NOT NULL,
	`method` text NOT NULL,
	`fingerprint` text NOT NULL,
	`result` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`operator_id`, `request_id`),
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `client_requests_created` ON `client_requests` (`created_at`);