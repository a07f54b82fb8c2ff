ALTER TABLE `recall_lots` ADD `ord` integer;--> statement-breakpoint
ALTER TABLE `recall_lots` ADD `depth` integer;--> statement-breakpoint
ALTER TABLE `recall_lots` ADD `sold` real;--> statement-breakpoint
ALTER TABLE `recall_lots` ADD `code_ord` integer;--> statement-breakpoint
CREATE INDEX `recall_lots_ord` ON `recall_lots` (`recall_id`,`ord`);--> statement-breakpoint
CREATE INDEX `recall_lots_progress` ON `recall_lots` (`recall_id`,`progress`,`code_ord`);--> statement-breakpoint
CREATE INDEX `recall_lots_roots` ON `recall_lots` (`recall_id`,`ord`) WHERE depth = 0;--> statement-breakpoint
ALTER TABLE `recalls` ADD `summary` text;